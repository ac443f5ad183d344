import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands each CPU kernel template into its float32 and float64 classes, as fastutil and HPPC generate their
 * primitive twins: nobody edits a twin by hand. Run by the build ({@code generate-sources}) as a single-file
 * program: {@code java TwinGenerator.java <templates> <output>}.
 *
 * <p>A template is Java written once for a stand-in element type. Whole words are replaced:
 * <ul>
 *   <li>{@code real} → {@code float} / {@code double} (the element type);</li>
 *   <li>{@code Real} → {@code Float} / {@code Double}, also in {@code RealBuffer} and {@code asRealBuffer};</li>
 *   <li>{@code XX} inside a name → {@code 32} / {@code 64} ({@code GemmXX} → {@code Gemm32}, {@code floatXX} in a
 *       comment → {@code float32}).</li>
 * </ul>
 * In the float64 twin a cast {@code (real) } is dropped: every one the templates write applies to a double, where it
 * does nothing. Anything else that differs between the precisions is written as a constant expression on {@code Real.BYTES}
 * (e.g. {@code Real.BYTES == 4 ? 32 : 16}), so the template stays plain Java and the compiler folds it away.
 * The file name of a template holds {@code XX}; the twins are written under the same package path.
 */
public final class TwinGenerator {
    private static final Pattern WIDTH = Pattern.compile("(?<=\\w)XX|XX(?=\\w)");
    private static final Pattern WORD = Pattern.compile("\\breal\\b|Real(?=Buffer\\b)|\\bReal\\b");

    private TwinGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java TwinGenerator.java <templates dir> <output dir>");
        }
        Path templates = Path.of(args[0]);
        Path output = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(templates)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
        }
        int written = 0;
        for (Path template : files) {
            String name = template.getFileName().toString();
            if (!name.contains("XX")) {
                throw new IllegalArgumentException("template " + template + ": its name must hold XX (the width)");
            }
            String text = Files.readString(template, StandardCharsets.UTF_8);
            Path relative = templates.relativize(template);
            for (Map.Entry<String, String[]> twin : Map.of("32", new String[] {"float", "Float"},
                    "64", new String[] {"double", "Double"}).entrySet()) {
                String width = twin.getKey();
                String code = expand(text, width, twin.getValue()[0], twin.getValue()[1]);
                Path target = output.resolve(relative.resolveSibling(name.replace("XX", width)));
                Files.createDirectories(target.getParent());
                String header = "// Generated from " + relative.toString().replace('\\', '/') + " by TwinGenerator; edit the template.\n";
                writeIfChanged(target, header + code);
                written++;
            }
        }
        System.out.println("TwinGenerator: " + files.size() + " templates, " + written + " classes in " + output);
    }

    static String expand(String text, String width, String primitive, String boxed) {
        String widened = WIDTH.matcher(text).replaceAll(width);
        if (primitive.equals("double")) {
            widened = widened.replace("(real) ", ""); // a cast of a double to double: the compiler would warn
        }
        Matcher m = WORD.matcher(widened);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().equals("real") ? primitive : boxed);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Leaves an unchanged file alone, so incremental compilation does not recompile it. */
    private static void writeIfChanged(Path target, String code) {
        try {
            if (Files.exists(target) && Files.readString(target, StandardCharsets.UTF_8).equals(code)) {
                return;
            }
            Files.writeString(target, code, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
