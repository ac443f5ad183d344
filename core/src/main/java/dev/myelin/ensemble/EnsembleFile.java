package dev.myelin.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.Backend;
import dev.myelin.model.Model;
import dev.myelin.modelfile.ModelArchive;
import dev.myelin.modelfile.ModelFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Ensemble} as one file: a Myelin archive (as a {@code .myelin} model file: a ZIP with a checked
 * {@code manifest.json}) of kind {@code ensemble} whose entries {@code member-0.myelin}, {@code member-1.myelin}, … are
 * the members' own model files, each with its normaliser and class names. Written atomically; read strictly. Stateless.
 *
 * <p>Stateless; thread-safe (concurrent writes to the same file are not coordinated).
 */
public final class EnsembleFile {
    /** The most members a file holds (the archive's entry limit, less the manifest). */
    public static final int MAX_MEMBERS = 15;

    private EnsembleFile() {
    }

    /** Writes the members of {@code ensemble} to {@code file}. */
    public static void save(Ensemble ensemble, Path file) throws IOException {
        if (ensemble.members().size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble file holds at most " + MAX_MEMBERS + " models, got " + ensemble.members().size());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("format", "myelin");
        manifest.put("kind", "ensemble");
        manifest.put("format_version", 1);
        manifest.put("combine", "mean of predicted probabilities");
        var names = manifest.putArray("members");
        Path dir = Files.createTempDirectory("myelin-ensemble");
        try {
            for (int i = 0; i < ensemble.members().size(); i++) {
                String name = "member-" + i + ".myelin";
                Path member = dir.resolve(name);
                ensemble.members().get(i).save(member);
                entries.put(name, Files.readAllBytes(member));
                names.add(name);
            }
        } finally {
            deleteAll(dir);
        }
        ModelArchive.write(file, manifest, entries);
    }

    /** Reads an ensemble file, building every member on {@code backend}; close the members when done. */
    public static Ensemble load(Path file, Backend backend) throws IOException {
        ModelArchive.Contents contents = ModelArchive.read(file);
        JsonNode manifest = contents.manifest();
        if (!"ensemble".equals(manifest.path("kind").asText()) || !manifest.path("members").isArray() || manifest.path("members").isEmpty()) {
            throw new ModelFileException(file, ModelArchive.MANIFEST, "not an ensemble file (kind '" + manifest.path("kind").asText()
                    + "'); a single model loads with Model.load");
        }
        List<Model> members = new ArrayList<>();
        Path dir = Files.createTempDirectory("myelin-ensemble");
        try {
            for (JsonNode name : manifest.get("members")) {
                byte[] bytes = contents.entries().get(name.asText());
                if (bytes == null) {
                    throw new ModelFileException(file, name.asText(), "the manifest lists this member but the file does not hold it");
                }
                Path member = dir.resolve("member.myelin");
                Files.write(member, bytes);
                members.add(Model.load(member, backend));
                Files.delete(member);
            }
            return new Ensemble(members);
        } catch (IOException | RuntimeException e) {
            members.forEach(Model::close);
            throw e;
        } finally {
            deleteAll(dir);
        }
    }

    /** Whether {@code file} is an ensemble file (else, presumably, a single model's file). */
    public static boolean isEnsemble(Path file) throws IOException {
        return "ensemble".equals(ModelArchive.read(file).manifest().path("kind").asText());
    }

    /** The models of several files, in order: a model file gives its model, an ensemble file all its members. Close them when done. */
    public static List<Model> loadAll(List<Path> files, Backend backend) throws IOException {
        List<Model> out = new ArrayList<>();
        try {
            for (Path file : files) {
                if (isEnsemble(file)) {
                    out.addAll(load(file, backend).members());
                } else {
                    out.add(Model.load(file, backend));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(Model::close);
            throw e;
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
