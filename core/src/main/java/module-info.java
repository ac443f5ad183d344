/**
 * Myelin's core: the compute interface ({@code dev.myelin.backend}), layers, losses, optimisers, schedules, the
 * trainer, data sets, model files and search. Every API package is exported. Two packages are for Myelin's own
 * modules only: {@code dev.myelin.backend.spi} (the shared per-operation validators a backend calls, and
 * {@code Tensors}, the only way to make a tensor or reach its storage) to the backends, and {@code dev.myelin.util}
 * (argument checks) to the command line, ONNX and Spark modules. Model files expose
 * Jackson's tree types, hence {@code requires transitive}. Backends are found with
 * {@link java.util.ServiceLoader} ({@code uses}); each backend jar declares its provider in
 * {@code META-INF/services}.
 *
 * <p>This descriptor holds when core is on the module path (core's own tests run so). The CPU backend
 * ({@code dev.myelin.cpu}), the test kit ({@code dev.myelin.testkit}), ONNX ({@code dev.myelin.onnx}) and the report
 * ({@code dev.myelin.report}) have descriptors too, and their tests run on the module path. The CUDA backend, the
 * simulator, the command line, the examples and Spark have none and run on the class path (as do the fat jar and
 * Spark executors), where the JVM reads every jar as one unnamed module and these exports do not apply; the names in
 * {@code exports … to} that are not on core's module path are the names those jars are to take (hence "module not
 * found" is suppressed).
 */
@SuppressWarnings("module")
module dev.myelin.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.apache.commons.csv;

    exports dev.myelin.backend;
    exports dev.myelin.data;
    exports dev.myelin.data.augment;
    exports dev.myelin.ensemble;
    exports dev.myelin.gradcheck;
    exports dev.myelin.loss;
    exports dev.myelin.model;
    exports dev.myelin.modelfile;
    exports dev.myelin.nn;
    exports dev.myelin.optim;
    exports dev.myelin.optim.fullbatch;
    exports dev.myelin.random;
    exports dev.myelin.regularization;
    exports dev.myelin.schedule;
    exports dev.myelin.train;
    exports dev.myelin.tune;

    exports dev.myelin.backend.spi to dev.myelin.cpu, dev.myelin.cuda;
    exports dev.myelin.util to dev.myelin.cli, dev.myelin.examples, dev.myelin.onnx, dev.myelin.spark;

    uses dev.myelin.backend.BackendProvider;
    uses dev.myelin.tune.RemoteSearch;
}
