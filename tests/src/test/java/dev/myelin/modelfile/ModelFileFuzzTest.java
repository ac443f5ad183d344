package dev.myelin.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * 1,000 mutations of a valid model file (bit flips, truncations, appended and replaced bytes, and
 * re-checksummed archives with a wrong manifest or safetensors header: giant sizes, shapes and offsets, bad
 * versions, dtypes and names): every load either fails with {@link ModelFileException} and a message naming
 * the file, or (a mutation of bytes nothing reads, such as a ZIP timestamp) loads the very same model. No
 * other exception, no crash, no hang.
 */
class ModelFileFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void thousandMutationsEndInModelFileExceptionOrTheSameModel() throws Exception {
        Path originalFile = dir.resolve("original.myelin");
        double[] parameters;
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            model.save(originalFile);
            parameters = model.parametersToHost();
        }
        byte[] valid = Files.readAllBytes(originalFile);
        ModelArchive.Contents contents = ModelArchive.read(originalFile);
        ModelIO.SavedModel original = ModelIO.inspect(originalFile);
        SplittableRandom rng = new SplittableRandom(2024);
        int[] outcomes = new int[2];
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64)) {
            assertTimeoutPreemptively(Duration.ofSeconds(300), () -> {
                for (int i = 0; i < 1000; i++) {
                    Path file = dir.resolve("mutant-" + i + ".myelin");
                    String mutation = mutate(i % 10, valid, contents, file, rng);
                    try (Model loaded = Model.load(file, backend)) {
                        assertThat(loaded.parametersToHost()).as("mutation %d (%s) loaded a different model", i, mutation).isEqualTo(parameters);
                        assertThat(loaded.spec()).isEqualTo(original.spec());
                        assertThat(loaded.inputNormalizer()).contains(original.normalizer());
                        assertThat(loaded.classNames()).isEqualTo(original.classNames());
                        outcomes[1]++;
                    } catch (ModelFileException e) {
                        assertThat(e.getMessage()).as("mutation %d (%s)", i, mutation).startsWith(file.toString()).hasSizeGreaterThan(file.toString().length() + 10);
                        outcomes[0]++;
                    } catch (Throwable t) {
                        fail("mutation " + i + " (" + mutation + ") ended in " + t, t);
                    }
                    Files.delete(file);
                }
            });
        }
        System.out.printf("model-file fuzz: %d mutations refused with ModelFileException, %d loaded the same model%n", outcomes[0], outcomes[1]);
        assertThat(outcomes[0] + outcomes[1]).isEqualTo(1000);
        assertThat(outcomes[0]).as("refused mutations (%d loaded unchanged)", outcomes[1]).isGreaterThan(900);
    }

    /** Writes mutant number {@code kind} of the file to {@code file}; returns what was done. */
    private static String mutate(int kind, byte[] valid, ModelArchive.Contents contents, Path file, SplittableRandom rng) throws Exception {
        byte[] bytes = valid.clone();
        byte[] tensors = contents.entries().get(ModelIO.TENSORS);
        switch (kind) {
            case 0, 1 -> {
                int flips = 1 + rng.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int at = rng.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << rng.nextInt(8));
                }
                Files.write(file, bytes);
                return flips + " bit flips";
            }
            case 2 -> {
                int length = rng.nextInt(bytes.length);
                Files.write(file, Arrays.copyOf(bytes, length));
                return "truncated to " + length;
            }
            case 3 -> {
                int at = rng.nextInt(bytes.length - 8);
                long giant = rng.nextBoolean() ? 0xFFFF_FFFFL : Long.MAX_VALUE;
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) giant);
                Files.write(file, bytes);
                return "giant 32-bit value at byte " + at;
            }
            case 4 -> {
                String field = pick(rng, "format_version", "dtype", "format", "spec", "normalizer", "class_names");
                JsonNode value = pick(rng, JSON.readTree("2"), JSON.readTree("-1"), JSON.readTree("\"float16\""), JSON.readTree("true"),
                        JSON.readTree("[1,2]"), JSON.readTree("{}"), JSON.readTree("1e308"));
                ObjectNode manifest = contents.manifest().deepCopy();
                manifest.set(field, value);
                rewrite(file, manifest, contents.entries());
                return "manifest " + field + " = " + value;
            }
            case 5 -> {
                ObjectNode manifest = contents.manifest().deepCopy();
                ObjectNode layer = (ObjectNode) manifest.at("/spec/layers").get(rng.nextInt(manifest.at("/spec/layers").size()));
                String field = pick(rng, "units", "type", "k", "p", "epsilon", "activation", "layers", "weight_init");
                layer.set(field, pick(rng, JSON.readTree("2147483647"), JSON.readTree("0"), JSON.readTree("\"conv2d\""),
                        JSON.readTree("-5"), JSON.readTree("1000000"), JSON.readTree("[]"), JSON.readTree("\"relu\"")));
                rewrite(file, manifest, contents.entries());
                return "spec layer field " + field;
            }
            case 6 -> {
                Map<String, byte[]> entries = new LinkedHashMap<>(contents.entries());
                entries.put(ModelIO.TENSORS, withHeader(tensors, header -> {
                    ObjectNode entry = (ObjectNode) header.elements().next();
                    String field = pick(rng, "shape", "data_offsets", "dtype");
                    entry.set(field, pick(rng, JSON.createArrayNode().add(1L << 40).add(1L << 40), JSON.createArrayNode().add(0).add(Long.MAX_VALUE),
                            JSON.createArrayNode().add(-1).add(3), JSON.getNodeFactory().textNode("I8"), JSON.createArrayNode()));
                    return header;
                }));
                rewrite(file, contents.manifest().deepCopy(), entries);
                return "safetensors header field";
            }
            case 7 -> {
                Map<String, byte[]> entries = new LinkedHashMap<>(contents.entries());
                byte[] t = tensors.clone();
                ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putLong(0, rng.nextBoolean() ? Long.MAX_VALUE : rng.nextLong(t.length * 2L));
                entries.put(ModelIO.TENSORS, t);
                rewrite(file, contents.manifest().deepCopy(), entries);
                return "safetensors header length";
            }
            case 8 -> {
                Map<String, byte[]> entries = new LinkedHashMap<>(contents.entries());
                String which = pick(rng, "extra", "rename", "drop", "short");
                switch (which) {
                    case "extra" -> entries.put("payload.bin", new byte[rng.nextInt(100)]);
                    case "rename" -> entries.put("weights.safetensors", entries.remove(ModelIO.TENSORS));
                    case "drop" -> entries.remove(ModelIO.TENSORS);
                    default -> entries.put(ModelIO.TENSORS, Arrays.copyOf(tensors, rng.nextInt(tensors.length)));
                }
                rewrite(file, contents.manifest().deepCopy(), entries);
                return "entries: " + which;
            }
            default -> {
                byte[] junk = new byte[rng.nextInt(1, 4096)];
                rng.nextBytes(junk);
                int at = rng.nextInt(bytes.length);
                System.arraycopy(junk, 0, bytes, at, Math.min(junk.length, bytes.length - at));
                Files.write(file, bytes);
                return "random bytes at " + at;
            }
        }
    }

    private static void rewrite(Path file, ObjectNode manifest, Map<String, byte[]> entries) throws Exception {
        manifest.remove("entries");
        ModelArchive.write(file, manifest, entries);
    }

    private static byte[] withHeader(byte[] safetensors, UnaryOperator<ObjectNode> edit) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN);
        int length = (int) in.getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(safetensors, 8, length, StandardCharsets.UTF_8));
        byte[] json = JSON.writeValueAsBytes(edit.apply(header));
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + safetensors.length - 8 - length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(safetensors, 8 + length, safetensors.length - 8 - length);
        return out.array();
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom rng, T... options) {
        return options[rng.nextInt(options.length)];
    }
}
