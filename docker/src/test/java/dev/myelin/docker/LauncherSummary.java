package dev.myelin.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test counts of a JUnit console launcher run, read from the summary it prints last
 * ({@code [        25 tests successful      ]}, one line a count). Immutable.
 *
 * @param found tests found
 * @param successful tests that passed
 * @param failed tests that failed
 * @param aborted tests aborted (an assumption did not hold)
 * @param skipped tests skipped (disabled)
 */
record LauncherSummary(int found, int successful, int failed, int aborted, int skipped) {

    private static final Pattern COUNT = Pattern.compile("^\\[\\s*(\\d+) tests (found|successful|failed|aborted|skipped)\\s*]\\s*$",
            Pattern.MULTILINE);

    /**
     * The counts of the last summary in {@code log}.
     *
     * @throws IllegalArgumentException when the log has no complete summary
     */
    static LauncherSummary parse(String log) {
        int found = -1;
        int successful = -1;
        int failed = -1;
        int aborted = -1;
        int skipped = -1;
        Matcher m = COUNT.matcher(log);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            switch (m.group(2)) {
                case "found" -> found = n;
                case "successful" -> successful = n;
                case "failed" -> failed = n;
                case "aborted" -> aborted = n;
                default -> skipped = n;
            }
        }
        if (found < 0 || successful < 0 || failed < 0 || aborted < 0 || skipped < 0) {
            throw new IllegalArgumentException("no JUnit console launcher summary (tests found, successful, failed, aborted, skipped) in the log");
        }
        return new LauncherSummary(found, successful, failed, aborted, skipped);
    }
}
