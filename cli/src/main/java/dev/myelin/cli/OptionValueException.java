package dev.myelin.cli;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.util.Optional;

/**
 * A value that one of the option languages ({@link OptionLanguage}) rejects. Such a value reads as text but says
 * something wrong (an unknown name, a setting out of range), so it ends the run as any other bad value does: exit 1
 * and {@code myelin: <message>}, not the usage error (exit 2) of a command line that does not parse. Immutable.
 */
final class OptionValueException extends TypeConversionException {
    private static final long serialVersionUID = 1L;

    /** The language's own error, whose message names the bad token and what is accepted. */
    OptionValueException(IllegalArgumentException cause) {
        super(cause.getMessage());
        initCause(cause);
    }

    /**
     * The message for the user when {@code e} is an option language's error: the language's message, preceded by the
     * option's name when it does not name the option itself ({@code --loss: unknown loss 'hinge'; expected ...}); empty for
     * every other parse error.
     */
    static Optional<String> messageOf(ParameterException e) {
        if (!(e.getCause() instanceof OptionValueException bad)) {
            return Optional.empty();
        }
        ArgSpec where = e.getArgSpec();
        String option = where instanceof OptionSpec o ? o.longestName() : where != null ? where.paramLabel() : null;
        return Optional.of(option == null || bad.getMessage().contains(option) ? bad.getMessage() : option + ": " + bad.getMessage());
    }
}
