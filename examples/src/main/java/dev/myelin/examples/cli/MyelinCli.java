package dev.myelin.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code myelin} command: {@code train} and {@code gradcheck}. */
@Command(name = "myelin", mixinStandardHelpOptions = true, version = "myelin 0.1.0",
        description = "Train multilayer perceptrons on the CPU or an NVIDIA GPU.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, InfoCommand.class, GradcheckCommand.class, CommandLine.HelpCommand.class})
public final class MyelinCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: user errors print {@code myelin: <message>} and exit 1 instead of a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MyelinCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof dev.myelin.backend.BackendUnavailableException || e instanceof java.io.UncheckedIOException
                    || e instanceof java.io.IOException) {
                commandLine.getErr().println("myelin: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
