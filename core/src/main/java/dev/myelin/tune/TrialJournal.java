package dev.myelin.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The finished trials of a search, one JSON object per line, appended (and flushed to disk) as each trial ends so that an
 * interrupted search loses at most the trials that were running. A line cut short by the interruption is ignored.
 * Not thread-safe: the search calls it under its lock.
 */
public final class TrialJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public TrialJournal(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** Appends one result as a line. */
    public void append(TrialResult result) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            String line = JSON.writeValueAsString(SearchResults.row(result)) + "\n";
            if (endsMidLine()) {
                line = "\n" + line;   // after a line an interruption cut short
            }
            Files.writeString(file, line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the trial journal " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean endsMidLine() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    /** The trials in the file by id (the last line wins), none when the file does not exist. */
    public Map<Integer, TrialResult> finished() {
        Map<Integer, TrialResult> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    TrialResult r = SearchResults.fromRow(JSON.readTree(line));
                    out.put(r.id(), r);
                } catch (JsonProcessingException | RuntimeException e) {
                    // the last line of an interrupted write: that trial runs again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trial journal " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether two settings maps are the same once written as JSON (so an int read back equals the int written). */
    static boolean sameParams(Map<String, Object> a, Map<String, Object> b) {
        try {
            return JSON.writeValueAsString(a).equals(JSON.writeValueAsString(b)) && List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
