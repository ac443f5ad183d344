/**
 * The pure-Java CPU backend (float64 oracle and float32), with OpenBLAS through JavaCPP for large products.
 * Its one package is its API ({@code CpuBackend}, {@code CpuBackendProvider}, {@code CpuGemm}; the kernels in it
 * are package-private); the provider is also found with {@link java.util.ServiceLoader}. {@code jdk.management}
 * reads the JVM's flags for the CPU report.
 */
module dev.myelin.cpu {
    requires dev.myelin.core;
    requires jdk.management;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.openblas;

    exports dev.myelin.cpu;

    provides dev.myelin.backend.BackendProvider with dev.myelin.cpu.CpuBackendProvider;
}
