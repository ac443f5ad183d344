package dev.myelin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * The standard streams of the command it is mixed into ({@code @Mixin}), as its command line holds them (so that a test
 * running the command in process captures what it prints), and what the command line parsed. Adds no option; the
 * {@code @Command} only marks it as a mixin for picocli.
 */
@Command
final class Console {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Standard output: results and progress. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Standard error: {@code myelin: ...} messages. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** The options as given on the command line (to tell an option left out from one given with its default value). */
    CommandLine.ParseResult parsed() {
        return command.commandLine().getParseResult();
    }
}
