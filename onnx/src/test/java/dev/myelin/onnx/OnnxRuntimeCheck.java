package dev.myelin.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an exported model in ONNX Runtime for Java (CPU, float32). */
final class OnnxRuntimeCheck {
    private OnnxRuntimeCheck() {
    }

    /** The graph's output for {@code rows} rows of {@code features} {@code [rows, width]}, row-major. */
    static double[] run(byte[] onnx, double[] features, int rows, int width) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] in = new float[features.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) features[i];
        }
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {rows, width});
             OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            float[][] out = (float[][]) result.get(OnnxExporter.OUTPUT).orElseThrow().getValue();
            double[] flat = new double[rows * out[0].length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < out[r].length; c++) {
                    flat[r * out[r].length + c] = out[r][c];
                }
            }
            return flat;
        }
    }
}
