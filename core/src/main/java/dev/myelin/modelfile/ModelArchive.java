package dev.myelin.modelfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The ZIP container of a model file: {@value #MANIFEST} (JSON, listing the SHA-256 and size of every
 * other entry) and the entries it lists. {@link #write} goes through {@link AtomicFiles}; {@link #read}
 * is strict: at most {@value #MAX_ENTRIES} entries, no entry the manifest does not list, none missing,
 * every checksum (the ZIP's CRC-32 of every entry, the manifest's SHA-256 of every other) and size checked, the manifest at most {@value #MAX_MANIFEST_BYTES} bytes, and no entry
 * read beyond the size of the file itself (or 16 MiB), whatever its header claims. Stateless; thread-safe.
 */
public final class ModelArchive {
    /** Name of the manifest entry. */
    public static final String MANIFEST = "manifest.json";
    static final int MAX_ENTRIES = 16;
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a model file holds.
     *
     * @param manifest the parsed manifest (its {@code entries} checked)
     * @param entries  the other entries' bytes by name, checksums verified
     */
    public record Contents(JsonNode manifest, Map<String, byte[]> entries) {
    }

    private ModelArchive() {
    }

    /** Writes {@code manifest} (to which an {@code entries} object with checksums is added) and {@code entries} to {@code file}, atomically. */
    public static void write(Path file, ObjectNode manifest, Map<String, byte[]> entries) throws IOException {
        ObjectNode listed = manifest.putObject("entries");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            ObjectNode entry = listed.putObject(e.getKey());
            entry.put("sha256", sha256(e.getValue()));
            entry.put("bytes", e.getValue().length);
        }
        byte[] manifestBytes;
        try {
            manifestBytes = JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest", e);
        }
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifestBytes);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                // stored, not deflated: tensors barely compress, and numpy can then read them in place
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                entry.setCompressedSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Reads and checks {@code file}. */
    public static Contents read(Path file) throws ModelFileException {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, null, "no such file", e);
        } catch (IOException e) {
            throw new ModelFileException(file, null, "cannot read it: " + e.getMessage(), e);
        }
        long entryLimit = Math.max(fileSize, 16L << 20);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> present = new LinkedHashMap<>();
            for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                ZipEntry entry = it.next();
                if (present.size() == MAX_ENTRIES) {
                    throw new ModelFileException(file, null, "more than " + MAX_ENTRIES + " entries; this is not a Myelin model file");
                }
                if (present.put(entry.getName(), entry) != null) {
                    throw new ModelFileException(file, entry.getName(), "the entry appears twice");
                }
            }
            ZipEntry manifestEntry = present.remove(MANIFEST);
            if (manifestEntry == null) {
                throw new ModelFileException(file, null, "no " + MANIFEST + " entry; this is not a Myelin model file");
            }
            byte[] manifestBytes = readEntry(file, zip, manifestEntry, MAX_MANIFEST_BYTES);
            JsonNode manifest;
            try {
                manifest = new ObjectMapper().readTree(manifestBytes);
            } catch (IOException e) {
                throw new ModelFileException(file, MANIFEST, "not valid JSON: " + firstLine(e.getMessage()), e);
            }
            if (manifest == null || !manifest.isObject() || !(manifest.get("entries") instanceof ObjectNode listed)) {
                throw new ModelFileException(file, MANIFEST, "not a manifest: it must be a JSON object with an 'entries' object");
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                ZipEntry entry = present.remove(name);
                if (entry == null) {
                    throw new ModelFileException(file, name, "listed in the manifest but missing from the file");
                }
                JsonNode sha = e.getValue().get("sha256");
                JsonNode bytes = e.getValue().get("bytes");
                if (sha == null || !sha.isTextual() || bytes == null || !bytes.canConvertToLong()) {
                    throw new ModelFileException(file, MANIFEST, "the listing of " + name + " needs 'sha256' and 'bytes'");
                }
                if (bytes.asLong() < 0 || bytes.asLong() > entryLimit) {
                    throw new ModelFileException(file, name, "the manifest claims " + bytes.asText() + " bytes, more than the file holds");
                }
                byte[] data = readEntry(file, zip, entry, entryLimit);
                if (data.length != bytes.asLong()) {
                    throw new ModelFileException(file, name, "has " + data.length + " bytes, the manifest says " + bytes.asLong());
                }
                if (!sha256(data).equals(sha.asText())) {
                    throw new ModelFileException(file, name, "SHA-256 checksum mismatch: the file is corrupt (recopy it, or load an older checkpoint)");
                }
                entries.put(name, data);
            }
            if (!present.isEmpty()) {
                throw new ModelFileException(file, present.keySet().iterator().next(), "an entry the manifest does not list");
            }
            return new Contents(manifest, Collections.unmodifiableMap(entries));
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // java.util.zip reports some malformed headers as unchecked exceptions
            throw new ModelFileException(file, null, "not a readable ZIP container (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); the file is truncated or corrupt", e);
        }
    }

    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, long limit) throws IOException {
        if (entry.getSize() > limit) {
            throw new ModelFileException(file, entry.getName(), "declares " + entry.getSize() + " bytes, more than allowed (" + limit + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(entry.getSize(), 0), 1 << 20));
        byte[] buffer = new byte[64 << 10];
        try (InputStream in = zip.getInputStream(entry)) {
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new ModelFileException(file, entry.getName(), "holds more than " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        byte[] bytes = out.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ModelFileException(file, entry.getName(), "CRC-32 mismatch: the file is corrupt");
        }
        return bytes;
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
