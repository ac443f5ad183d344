package dev.myelin.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum-valued options: an option value names a constant as the command line writes it, lower case with hyphens
 * ({@code HALF_OVER_BATCH} is {@code half-over-batch}; an underscore and any case are accepted too). A value that names
 * none fails the parse (exit 2) with the one message format of this tool: {@code 'x' is not one of a, b, c}, after
 * picocli's {@code Invalid value for option '--name'}. The help lists the same names: each option names a {@link Names}
 * subclass as its {@code completionCandidates}, which {@code ${COMPLETION-CANDIDATES}} in its description shows.
 * Stateless.
 */
final class Choices {

    private Choices() {
    }

    /** A constant with other names the command line also accepts (e.g. {@code float32} for {@code f32}). */
    interface Aliased {
        List<String> aliases();
    }

    /**
     * The command-line names of the constants of an enum, in declaration order: an option's {@code completionCandidates}
     * (each enum, or the options block that uses an enum of another module, holds its subclass).
     */
    abstract static class Names<E extends Enum<E>> implements Iterable<String> {
        private final Class<E> type;

        Names(Class<E> type) {
            this.type = type;
        }

        @Override
        public Iterator<String> iterator() {
            return names(type).iterator();
        }
    }

    /** Registers the reader of each of {@code types} with {@code cli} and its subcommands. */
    @SafeVarargs
    static void register(CommandLine cli, Class<? extends Enum<?>>... types) {
        for (Class<? extends Enum<?>> type : types) {
            registerOne(cli, type);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerOne(CommandLine cli, Class type) {
        cli.registerConverter(type, text -> parse(type, text));
    }

    /** The constant's name on the command line: {@code PIXEL_STANDARD} → {@code pixel-standard}. */
    static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names of every constant of {@code type}, in declaration order. */
    static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::name).toList();
    }

    /**
     * The constant of {@code type} that {@code text} names, by its name or one of its {@link Aliased#aliases()}.
     *
     * @throws TypeConversionException naming the valid values when it names none
     */
    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(wanted) || constant instanceof Aliased a && a.aliases().contains(wanted)) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + text + "' is not one of " + names(type).stream().collect(Collectors.joining(", ")));
    }
}
