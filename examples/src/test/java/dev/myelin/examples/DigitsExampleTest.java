package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java example is {@link DigitsExample}'s code, and it reaches the digits accuracy the README's {@code ./myelin train} does. */
class DigitsExampleTest {

    @Test
    void runsAndReachesNinetyFivePercentOnTheDigitsTestSplit() throws Exception {
        ExampleRun run = ExampleRun.of(DigitsExample::main);
        assertThat(run.testAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(run.out()).contains("epoch 30/30");
    }

    @Test
    void readmeJavaExampleIsTheExampleProgramsCode() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/myelin/examples/DigitsExample.java"));
        Matcher marked = Pattern.compile("// README begin\\n(.*?)\\n\\s*// README end", Pattern.DOTALL).matcher(source);
        assertThat(marked.find()).as("README markers in DigitsExample.java").isTrue();
        List<String> lines = marked.group(1).lines().toList();
        int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
        String program = String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList());

        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher java = Pattern.compile("## Using it from Java\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
        assertThat(java.find()).as("the README's first Java block").isTrue();
        assertThat(java.group(1)).isEqualTo(program);
    }
}
