package dev.myelin.golden;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.nn.BatchNormSpec;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.Layer;
import dev.myelin.nn.LayerNormSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.MaxoutSpec;
import dev.myelin.nn.Mode;
import dev.myelin.nn.NamedTensor;
import dev.myelin.nn.PReluSpec;
import dev.myelin.nn.Parameter;
import dev.myelin.nn.ParameterBlock;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch norm (training forward and backward, running estimates over three steps, inference forward and
 * backward), layer norm and PReLU (including α's gradient) against PyTorch ({@code tests/golden/golden_layers.py}),
 * through the layers themselves, on CPU float64 (1e-10 relative) and float32 (1e-5 relative, with an
 * absolute floor of 1e-5 × the largest expected magnitude). Maxout, which PyTorch lacks, against its
 * formula written out here.
 */
class LayerGoldenTest {

    private static Backend open(DType dtype) {
        return new CpuBackendProvider().open(dtype, new BackendOptions(1));
    }

    private static double relative(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
    }

    /** {@code |actual − expected| ≤ rel·|expected| + floor}, floor = rel·max|expected| in float32 and 1e-3·rel·max(1, max|expected|) in float64. */
    private static void assertClose(DType dtype, double[] actual, double[] expected, String what) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        double rel = relative(dtype);
        double max = 0;
        for (double e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        double floor = dtype == DType.FLOAT64 ? 1e-3 * rel * Math.max(1, max) : rel * max;
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s element %d on %s: %s vs PyTorch %s", what, i, dtype, actual[i], expected[i])
                    .isLessThanOrEqualTo(rel * Math.abs(expected[i]) + floor);
        }
    }

    /** A layer whose parameters are attached to their own tensors (as a model attaches views of its flat buffers). */
    private static final class Bound implements AutoCloseable {
        final Backend backend;
        final Layer layer;
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> grads = new ArrayList<>();

        Bound(Backend backend, LayerSpec spec, int inputWidth, double[]... values) {
            this.backend = backend;
            this.layer = spec.build(backend, inputWidth);
            List<Parameter> parameters = List.copyOf(layer.namedParameters().values());
            for (int b = 0; b < parameters.size(); b++) {
                ParameterBlock block = parameters.get(b).block();
                Tensor p = backend.allocate(block.rows(), block.cols());
                double[] host = new double[block.size()];
                parameters.get(b).initialize(host, 0, new SplittableRandom(b));
                backend.upload(b < values.length ? values[b] : host, 0, p);
                params.add(p);
                grads.add(backend.allocate(block.rows(), block.cols()));
                parameters.get(b).attach(p, grads.get(b));
            }
        }

        double[] forward(double[] x, int rows, Mode mode) {
            try (Tensor in = tensor(x, rows, layer.inputWidth())) {
                // the layer keeps its input for backward: hand it a copy that stays alive
                keep.add(backend.allocate(rows, layer.inputWidth()));
                backend.copy(in, keep.get(keep.size() - 1));
                return host(layer.forward(keep.get(keep.size() - 1), mode));
            }
        }

        final List<Tensor> keep = new ArrayList<>();

        double[] backward(double[] dy, int rows) {
            try (Tensor g = tensor(dy, rows, layer.outputWidth())) {
                return host(layer.backward(g, true));
            }
        }

        double[] grad(int block) {
            return host(grads.get(block));
        }

        double[] state(String name) {
            return host(layer.stateTensors().stream().filter(t -> t.name().equals(name)).map(NamedTensor::tensor).findFirst().orElseThrow());
        }

        Tensor tensor(double[] values, int rows, int cols) {
            Tensor t = backend.allocate(rows, cols);
            backend.upload(values, 0, t);
            return t;
        }

        double[] host(Tensor t) {
            double[] h = new double[t.size()];
            backend.download(t, h, 0);
            return h;
        }

        /**
         * One pass against the golden file, every key ending in {@code suffix}: forward of {@code input} in {@code mode}
         * against {@code out}, backward of {@code dy} against {@code inputGrad}, and parameter block b's gradient against
         * {@code paramGrads[b]}; the batch has the file's {@code rows}.
         */
        void assertPassMatches(GoldenFile golden, Mode mode, Object suffix, String input, String inputGrad, String... paramGrads) {
            int rows = golden.integer("rows");
            DType dtype = backend.dtype();
            assertClose(dtype, forward(golden.get(input + suffix), rows, mode), golden.get("out" + suffix), "out" + suffix);
            assertClose(dtype, backward(golden.get("dy" + suffix), rows), golden.get(inputGrad + suffix), inputGrad + suffix);
            for (int b = 0; b < paramGrads.length; b++) {
                assertClose(dtype, grad(b), golden.get(paramGrads[b] + suffix), paramGrads[b] + suffix);
            }
        }

        @Override
        public void close() {
            layer.close();
            params.forEach(Tensor::close);
            grads.forEach(Tensor::close);
            keep.forEach(Tensor::close);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void batchNormMatchesPyTorchInTrainingOverThreeStepsAndAtInference(DType dtype) {
        GoldenFile golden = GoldenFile.load("layer_batchnorm.txt");
        int cols = golden.integer("cols");
        BatchNormSpec spec = new BatchNormSpec(golden.get("momentum")[0], golden.get("epsilon")[0]);
        try (Backend backend = open(dtype); Bound bn = new Bound(backend, spec, cols, golden.get("gamma"), golden.get("beta"))) {
            assertClose(dtype, bn.state("runningMean"), new double[cols], "initial running mean");
            assertClose(dtype, bn.state("runningVar"), java.util.stream.DoubleStream.generate(() -> 1).limit(cols).toArray(), "initial running var");
            for (int t = 0; t < golden.integer("steps"); t++) {
                bn.assertPassMatches(golden, Mode.training(0, t), t, "x", "dx", "dgamma", "dbeta");
                assertClose(dtype, bn.state("runningMean"), golden.get("running_mean" + t), "running mean after step " + t);
                assertClose(dtype, bn.state("runningVar"), golden.get("running_var" + t), "running var after step " + t);
            }
            bn.assertPassMatches(golden, Mode.inference(), "_eval", "x", "dx", "dgamma", "dbeta");
            // inference leaves the running estimates alone
            assertClose(dtype, bn.state("runningMean"), golden.get("running_mean2"), "running mean after inference");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void layerNormMatchesPyTorch(DType dtype) {
        GoldenFile golden = GoldenFile.load("layer_layernorm.txt");
        LayerNormSpec spec = new LayerNormSpec(golden.get("epsilon")[0]);
        try (Backend backend = open(dtype); Bound ln = new Bound(backend, spec, golden.integer("cols"), golden.get("gamma"), golden.get("beta"))) {
            ln.assertPassMatches(golden, Mode.training(0, 0), "", "x", "dx", "dgamma", "dbeta");
            double[] inference = ln.forward(golden.get("x"), golden.integer("rows"), Mode.inference());
            assertClose(dtype, inference, golden.get("out"), "inference output (same map)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void preluMatchesPyTorchIncludingTheSlopeGradient(DType dtype) {
        GoldenFile golden = GoldenFile.load("layer_prelu.txt");
        int cols = golden.integer("cols");
        try (Backend backend = open(dtype); Bound prelu = new Bound(backend, PReluSpec.defaults(), cols, golden.get("alpha"))) {
            prelu.assertPassMatches(golden, Mode.training(0, 0), "", "z", "dz", "dalpha");
        }
        try (Backend backend = open(dtype); Bound fresh = new Bound(backend, PReluSpec.defaults(), cols)) {
            assertThat(fresh.host(fresh.params.get(0))).containsOnly(0.25);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void maxoutFollowsItsFormula(DType dtype) {
        int rows = 5;
        int in = 3;
        int units = 4;
        int k = 3;
        SplittableRandom rng = new SplittableRandom(42);
        double[] x = rng.doubles(rows * in, -2, 2).toArray();
        double[] w = rng.doubles(in * units * k, -1, 1).toArray();
        double[] b = rng.doubles(units * k, -0.5, 0.5).toArray();
        double[] dy = rng.doubles(rows * units, -1, 1).toArray();
        // z = x·W + b; y[i,u] = max_r z[i, u·k + r]; with r* the (first) winner:
        // ∂L/∂W[c, u·k + r*] += x[i,c]·dy[i,u], ∂L/∂b[u·k + r*] += dy[i,u], ∂L/∂x[i,c] = Σ_u W[c, u·k + r*]·dy[i,u]
        double[] y = new double[rows * units];
        double[] dw = new double[w.length];
        double[] db = new double[b.length];
        double[] dx = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < units; u++) {
                int best = -1;
                double max = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < k; r++) {
                    int col = u * k + r;
                    double z = b[col];
                    for (int c = 0; c < in; c++) {
                        z += x[i * in + c] * w[c * units * k + col];
                    }
                    if (z > max) {
                        max = z;
                        best = col;
                    }
                }
                y[i * units + u] = max;
                double g = dy[i * units + u];
                db[best] += g;
                for (int c = 0; c < in; c++) {
                    dw[c * units * k + best] += x[i * in + c] * g;
                    dx[i * in + c] += w[c * units * k + best] * g;
                }
            }
        }
        try (Backend backend = open(dtype); Bound maxout = new Bound(backend, new MaxoutSpec(units, k, Initializer.zeros()), in, w, b)) {
            assertThat(maxout.layer.outputWidth()).isEqualTo(units);
            assertClose(dtype, maxout.forward(x, rows, Mode.training(0, 0)), y, "output");
            assertClose(dtype, maxout.backward(dy, rows), dx, "∂L/∂x");
            assertClose(dtype, maxout.grad(0), dw, "∂L/∂W");
            assertClose(dtype, maxout.grad(1), db, "∂L/∂b");
        }
    }
}
