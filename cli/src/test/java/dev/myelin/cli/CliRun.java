package dev.myelin.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the {@code myelin} command line: its exit code and what it printed. Published in this module's
 * test-jar for the other modules' command-line tests.
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code myelin args…} and captures standard output and error. */
    public static CliRun of(String... args) {
        CommandLine cli = MyelinCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
