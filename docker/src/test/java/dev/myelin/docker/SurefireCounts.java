package dev.myelin.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How many tests of some classes passed in a module's surefire run on the host, from its XML reports. */
final class SurefireCounts {

    private static final Pattern SUITE = Pattern.compile("<testsuite [^>]*?tests=\"(\\d+)\"[^>]*?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(skipped|failures|errors)=\"(\\d+)\"");

    private SurefireCounts() {}

    /**
     * Tests that passed, over the reports {@code TEST-<class>.xml} in {@code reports}, or empty when one of them is
     * missing (the host's build did not run that class).
     *
     * @param reports a surefire reports folder, e.g. {@code tests/target/surefire-reports}
     * @param classNames fully qualified test class names
     */
    static OptionalInt passed(Path reports, String... classNames) {
        int passed = 0;
        for (String className : classNames) {
            Path report = reports.resolve("TEST-" + className + ".xml");
            if (!Files.isRegularFile(report)) {
                return OptionalInt.empty();
            }
            passed += passed(read(report), report);
        }
        return OptionalInt.of(passed);
    }

    private static int passed(String xml, Path report) {
        Matcher suite = SUITE.matcher(xml);
        if (!suite.find()) {
            throw new IllegalStateException("no <testsuite tests=...> in " + report);
        }
        int passed = Integer.parseInt(suite.group(1));
        Matcher attribute = ATTRIBUTE.matcher(suite.group());
        while (attribute.find()) {
            passed -= Integer.parseInt(attribute.group(2));
        }
        return passed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
