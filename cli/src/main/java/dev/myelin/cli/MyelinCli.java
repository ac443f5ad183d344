package dev.myelin.cli;

import dev.myelin.cpu.CpuGemm;
import dev.myelin.regularization.Regularization;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code myelin} command: {@code train}, {@code search}, {@code predict}, {@code evaluate}, {@code info}, {@code export} and {@code gradcheck}.
 *
 * <p>Exit codes: 0 success; 1 a failed run, a value out of range or a value an option language rejects
 * ({@link OptionLanguage}: {@code --optimizer}, {@code --schedule}, {@code --loss}, {@code --hidden}, {@code --split}, ...)
 * ({@code myelin: <message>} on standard error); 2 a command line that does not parse (unknown option, a number that is
 * not a number, a name that is none of an enum option's choices); 130 interrupted by Ctrl-C.
 *
 * <p>Holds no state: {@link #run(String...)} and {@link #commandLine()} build a fresh command line on every call;
 * the commands share the process's standard streams, so run one at a time per process.
 */
@Command(name = "myelin", mixinStandardHelpOptions = true, version = "myelin 0.1.0",
        description = "Train multilayer perceptrons on the CPU or an NVIDIA GPU.",
        subcommands = {TrainCommand.class, SearchCommand.class, PredictCommand.class, EvaluateCommand.class, InfoCommand.class, ExportCommand.class,
                GradcheckCommand.class,
                CommandLine.HelpCommand.class})
public final class MyelinCli implements Runnable {

    public static void main(String[] args) {
        RunStatus.installInterruptMessage(System.err);
        int code = run(args);
        RunStatus.finished();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line: user errors, and values an option language rejects, print {@code myelin: <message>}
     * and exit 1; a command line that does not parse prints {@code myelin: <message>} and a pointer to the help and exits
     * 2; never a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cli = withConverters(new CommandLine(new MyelinCli()));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            Optional<String> badValue = OptionValueException.messageOf(e);
            if (badValue.isPresent()) {
                failed.getErr().println("myelin: " + badValue.get());
                return 1;
            }
            failed.getErr().println("myelin: " + e.getMessage());
            failed.getErr().println("myelin: see '" + failed.getCommandSpec().qualifiedName() + " --help' for the options");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException bad) { // train options parsed inside a command (search's trials)
                commandLine.getErr().println("myelin: " + bad.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof dev.myelin.backend.BackendUnavailableException || e instanceof java.io.UncheckedIOException
                    || e instanceof java.io.IOException || e instanceof ArithmeticException) {
                commandLine.getErr().println("myelin: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    /**
     * {@code cli} (and its subcommands) with this tool's value types: numbers through {@link #parseDouble}, and the enum
     * options ({@link Precision}, {@link Normalization}, {@link DataPart}, the L2 form, the CPU GEMM, the search strategy
     * and {@link SearchMetric}) through {@link Choices}. The option languages name their converters on their options.
     */
    static CommandLine withConverters(CommandLine cli) {
        cli.registerConverter(Double.class, MyelinCli::parseDouble);
        cli.registerConverter(Double.TYPE, MyelinCli::parseDouble);
        Choices.register(cli, Precision.class, Normalization.class, DataPart.class, Regularization.L2Form.class, CpuGemm.class,
                StrategyOptions.Kind.class, SearchMetric.class);
        return cli;
    }

    /**
     * A number as Java writes it, and also {@code nan}, {@code inf}, {@code -infinity} in any case, so that the same
     * non-finite value always reaches the option's range check (exit 1 with the range) whatever its spelling.
     */
    static Double parseDouble(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.valueOf(text.trim());
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
                }
            }
        };
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
