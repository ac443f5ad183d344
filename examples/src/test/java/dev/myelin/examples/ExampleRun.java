package dev.myelin.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What an example's {@code main} printed on standard output, run in this JVM. */
record ExampleRun(String out) {

    /** The program's {@code main(String[])}. */
    interface Main {
        void run(String[] args) throws Exception;
    }

    /** Runs {@code main} with {@code args}, standard output captured (and still shown). */
    static ExampleRun of(Main main, String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run(args);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        original.print(out);
        return new ExampleRun(out);
    }

    /** The number after {@code test accuracy } in the output. */
    double testAccuracy() {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
