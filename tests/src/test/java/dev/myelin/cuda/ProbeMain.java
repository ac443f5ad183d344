package dev.myelin.cuda;

import dev.myelin.backend.Availability;

/** Prints {@code usable=<bool>} and the reason of {@link CudaBackendProvider#probe()}, twice (the second answer must match). */
public final class ProbeMain {
    private ProbeMain() {
    }

    public static void main(String[] args) {
        Availability first = new CudaBackendProvider().probe();
        Availability second = new CudaBackendProvider().probe();
        System.out.println("usable=" + first.usable());
        System.out.println("reason=" + first.reason());
        System.out.println("same=" + first.equals(second));
    }
}
