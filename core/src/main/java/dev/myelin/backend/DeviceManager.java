package dev.myelin.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Picks the backend at run time.
 *
 * <p>Without an override, providers found by {@link ServiceLoader} are probed in priority order
 * (CUDA, then CPU) and the first usable one is opened. An override names the backend: the
 * {@code --backend} flag of the command line (passed as {@code requested}), else the system
 * property {@code myelin.backend}, else the environment variable {@code MYELIN_BACKEND}. A named
 * backend that cannot run is an error, not a silent fallback. {@link Selection#explanation()}
 * says which backend was picked, why, and why each one tried before it was passed over.
 *
 * <p>Immutable (the provider list is copied) and thread-safe as far as its providers are; the backends it opens
 * are used by one thread at a time.
 */
public final class DeviceManager {
    /** System property naming the backend. */
    public static final String PROPERTY = "myelin.backend";
    /** Environment variable naming the backend. */
    public static final String ENVIRONMENT = "MYELIN_BACKEND";

    /** Backends Myelin ships; one missing from the class path is named in the explanation. */
    private static final List<String> KNOWN_BACKENDS = List.of("cuda", "cpu");

    private final List<BackendProvider> providers;
    private final String property;
    private final String environment;

    /** Uses the providers on the class path and the real system property and environment. */
    public DeviceManager() {
        this(loadProviders(), System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    /** For tests and embedding: explicit providers and override values (either may be null). */
    public DeviceManager(List<BackendProvider> providers, String property, String environment) {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        this.providers = List.copyOf(sorted);
        this.property = property;
        this.environment = environment;
    }

    private static List<BackendProvider> loadProviders() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        return found;
    }

    /** The backend chosen, and the sentences that explain the choice. */
    public record Selection(Backend backend, String explanation) {
    }

    /** Providers found, highest priority first. */
    public List<BackendProvider> providers() {
        return providers;
    }

    /**
     * Opens a backend.
     *
     * @param requested the command line's choice ({@code cpu}, {@code cuda}, {@code auto}) or null
     * @param dtype     element type
     * @param options   backend settings
     * @param log       receives the explanation (may be null)
     */
    public Selection open(String requested, DType dtype, BackendOptions options, Consumer<String> log) {
        if (providers.isEmpty()) {
            throw new BackendUnavailableException("no Myelin backend on the class path: add myelin-backend-cpu (or myelin-backend-cuda) as a dependency");
        }
        String[] choice = override(requested);
        Selection selection = choice == null ? pickAutomatically(dtype, options) : pickNamed(choice[0], choice[1], dtype, options);
        if (log != null) {
            log.accept(selection.explanation());
        }
        return selection;
    }

    private String[] override(String requested) {
        String[][] sources = {{requested, "--backend"}, {property, "-D" + PROPERTY}, {environment, ENVIRONMENT}};
        for (String[] source : sources) {
            if (source[0] != null && !source[0].isBlank()) {
                String name = source[0].trim().toLowerCase(Locale.ROOT);
                if (!name.equals("auto")) {
                    return new String[] {name, source[1]};
                }
            }
        }
        return null;
    }

    private Selection pickNamed(String name, String source, DType dtype, BackendOptions options) {
        BackendProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("backend '" + name + "' (from " + source
                        + ") is not on the class path; available: " + names()));
        Availability availability = provider.probe();
        if (!availability.usable()) {
            throw new BackendUnavailableException("backend '" + name + "' was requested by " + source
                    + " but cannot run here: " + availability.reason());
        }
        Backend backend = provider.open(dtype, options);
        return new Selection(backend, "backend " + backend.name() + " (" + backend.description() + "): requested by "
                + source + "; " + availability.reason());
    }

    private Selection pickAutomatically(DType dtype, BackendOptions options) {
        StringBuilder passedOver = new StringBuilder();
        for (String known : KNOWN_BACKENDS) {
            if (!names().contains(known)) {
                passedOver.append("; passed over ").append(known).append(": not on the class path (add myelin-backend-").append(known).append(")");
            }
        }
        for (BackendProvider provider : providers) {
            Availability availability = provider.probe();
            if (availability.usable()) {
                try {
                    Backend backend = provider.open(dtype, options);
                    return new Selection(backend, "backend " + backend.name() + " (" + backend.description()
                            + "): first usable in priority order " + names() + "; " + availability.reason() + passedOver);
                } catch (BackendUnavailableException | UnsupportedOperationException e) {
                    passedOver.append("; passed over ").append(provider.name()).append(": ").append(e.getMessage());
                    continue;
                }
            }
            passedOver.append("; passed over ").append(provider.name()).append(": ").append(availability.reason());
        }
        throw new BackendUnavailableException("no usable backend" + passedOver);
    }

    private List<String> names() {
        return providers.stream().map(BackendProvider::name).toList();
    }
}
