package dev.myelin.testkit;

/**
 * Base of a backend module's kit test class: keeps the {@link KitFixture} of each test instance (JUnit makes one
 * instance per test), so the class itself only opens its backend.
 */
public abstract class BackendUnderTest implements BackendKit {
    private final KitFixture fixture = new KitFixture();

    @Override
    public final KitFixture fixture() {
        return fixture;
    }
}
