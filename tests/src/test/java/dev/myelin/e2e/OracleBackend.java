package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The float64 CPU oracle ({@link Backends#cpu64()}) opened once before a test class and closed after it.
 * Register it as {@code @RegisterExtension static final OracleBackend f64 = new OracleBackend();} and call
 * {@link #get()} in the tests. Not thread-safe: one test class at a time, as the tests here run.
 */
final class OracleBackend implements BeforeAllCallback, AfterAllCallback {
    private Backend backend;

    @Override
    public void beforeAll(ExtensionContext context) {
        backend = Backends.cpu64();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        backend.close();
        backend = null;
    }

    /** The open backend; only between the class's first and last test. */
    Backend get() {
        if (backend == null) {
            throw new IllegalStateException("the oracle backend is open only while its test class runs");
        }
        return backend;
    }
}
