package dev.myelin.backend;

/**
 * Service-provider interface through which {@link DeviceManager} finds backends
 * ({@code META-INF/services/dev.myelin.backend.BackendProvider}).
 *
 * <p>Implementations should be thread-safe (the bundled ones are); each {@link Backend} they open is used by one
 * thread at a time.
 */
public interface BackendProvider {

    /** Name users select the backend by, e.g. {@code cpu} or {@code cuda}. */
    String name();

    /** Higher is tried first when the user names no backend (CUDA before CPU). */
    int priority();

    /**
     * Whether this backend can run here, and if not, exactly why (no driver, no device, a missing
     * library...). Must not throw and must not leave anything allocated.
     */
    Availability probe();

    /**
     * Opens the backend for {@code dtype}.
     *
     * @throws UnsupportedOperationException if this backend has no such precision
     * @throws BackendUnavailableException   if the device cannot be opened, with the reason
     */
    Backend open(DType dtype, BackendOptions options);
}
