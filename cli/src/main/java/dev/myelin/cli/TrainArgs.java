package dev.myelin.cli;

import dev.myelin.tune.Param;
import dev.myelin.tune.SearchSpace;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A search trial's settings as {@code myelin train} options: the search's base options followed by the trial's values,
 * each setting named as the train option without its dashes ({@code lr}, {@code hidden}, {@code batch-size},
 * {@code batch-norm} …). So every trial is parsed by the train command's own option code.
 */
final class TrainArgs {

    private TrainArgs() {
    }

    /**
     * A train command parsed from {@code base} then {@code overrides} (a later value wins; a false boolean drops the flag), its
     * defaults filled in for the data set and its options checked as {@code myelin train} checks them. A value an option
     * language rejects is an {@link IllegalArgumentException} with the message {@code myelin train} gives it (a failed
     * trial, or exit 1 for the search's own options); any other parse error is picocli's.
     */
    static TrainCommand parse(List<String> base, Map<String, Object> overrides) {
        List<String> args = new ArrayList<>(base);
        TrainCommand command = new TrainCommand();
        CommandLine cli = MyelinCli.withConverters(new CommandLine(command)).setOverwrittenOptionsAllowed(true);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            String option = "--" + e.getKey();
            if (isFlag(cli, option)) {
                if (Boolean.TRUE.equals(e.getValue())) {
                    args.add(option);
                } else {
                    args.remove(option);
                }
            } else {
                args.add(option);
                args.add(String.valueOf(e.getValue()));
            }
        }
        CommandLine.ParseResult given;
        try {
            given = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw OptionValueException.messageOf(e).map(message -> new IllegalArgumentException(message, e)).orElseThrow(() -> e);
        }
        command.resolveDefaults(command.builtIn());
        new TrainOptionsValidator(command, given).validate();
        return command;
    }

    /** Fails with the list of valid names when a setting of the space is not a train option. */
    static void checkNames(SearchSpace space) {
        CommandLine cli = new CommandLine(new TrainCommand());
        for (Param p : space.params()) {
            if (cli.getCommandSpec().findOption("--" + p.name()) == null || p.name().equals("help") || p.name().equals("version")) {
                List<String> names = cli.getCommandSpec().options().stream().map(o -> o.longestName().replaceFirst("^--", ""))
                        .filter(n -> !n.equals("help") && !n.equals("version")).toList();
                throw new IllegalArgumentException("search setting '" + p.name() + "' is not an option of myelin train; use one of " + names);
            }
        }
    }

    private static boolean isFlag(CommandLine cli, String option) {
        CommandLine.Model.OptionSpec spec = cli.getCommandSpec().findOption(option);
        return spec != null && spec.arity().max() == 0;
    }
}
