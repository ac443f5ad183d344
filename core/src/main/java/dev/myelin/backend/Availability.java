package dev.myelin.backend;

/**
 * The answer of {@link BackendProvider#probe()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param usable whether the backend can be opened
 * @param reason why it is or is not usable, in words a user can act on
 */
public record Availability(boolean usable, String reason) {

    /** Usable, with a note such as the device name. */
    public static Availability yes(String reason) {
        return new Availability(true, reason);
    }

    /** Not usable, with the reason and what to do. */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
