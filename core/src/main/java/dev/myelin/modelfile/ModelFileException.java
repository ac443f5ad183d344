package dev.myelin.modelfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model or checkpoint file that cannot be read or written: missing, truncated, corrupt, of a newer
 * format version, or not matching its own manifest. The message names the file, the entry inside it
 * (where there is one) and what is wrong. Every failure of {@link ModelIO#load} and {@link ModelIO#save}
 * is this exception (an I/O error is its cause).
 *
 * <p>Its fields are final; safe to share between threads once thrown.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String entry;

    /**
     * @param file    the model file
     * @param entry   the entry of the ZIP container concerned, or null for the file as a whole
     * @param problem what is wrong, in words a user can act on
     * @param cause   the underlying error, or null
     */
    public ModelFileException(Path file, String entry, String problem, Throwable cause) {
        super(file + (entry != null ? " (entry " + entry + ")" : "") + ": " + problem, cause);
        this.file = file;
        this.entry = entry;
    }

    public ModelFileException(Path file, String entry, String problem) {
        this(file, entry, problem, null);
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** The entry inside the file concerned, or null. */
    public String entry() {
        return entry;
    }
}
