package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import dev.myelin.backend.Tensor;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasOperation;

/**
 * GEMM (cuBLAS SGEMM), the BLAS-like element-wise operations and the whole-buffer reductions on the device
 * ({@code elementwise.cu}, {@code reductions.cu}); operands already checked by {@link CudaBackend}. The
 * reductions share one workspace of REDUCE_MAX_BLOCKS double partials and a counter, owned by the backend.
 */
final class BlasReductions {
    private final CudaContext context;
    private final KernelLauncher launcher;
    private final DeviceBuffer reduceWorkspace;

    BlasReductions(CudaContext context, DeviceBuffer reduceWorkspace) {
        this.context = context;
        this.launcher = context.launcher();
        this.reduceWorkspace = reduceWorkspace;
    }

    /** C = α·op(A)·op(B) + β·C as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} on the column-major transpose; {@code k = 0} scales C by β without cuBLAS. */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (beta == 0) {
                CudaContext.driver(cuMemsetD32Async(DeviceBuffer.address(c), 0, c.size(), context.stream()), "cuMemsetD32Async(gemm, k = 0)");
            } else {
                scale(c, beta);
            }
            return;
        }
        // Row-major X[r, c] is column-major Xᵀ with leading dimension c: C = op(A)·op(B) is Cᵀ = op(B)ᵀ·op(A)ᵀ.
        int status = JCublas2.cublasSgemm(context.cublas(),
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                n, m, k, Pointer.to(new float[] {(float) alpha}),
                DeviceBuffer.address(b), Math.max(1, b.cols()), DeviceBuffer.address(a), Math.max(1, a.cols()),
                Pointer.to(new float[] {(float) beta}), DeviceBuffer.address(c), Math.max(1, n));
        CudaContext.blas(status, "cublasSgemm_v2(m=" + m + ", n=" + n + ", k=" + k + ")");
    }

    void addRowVector(Tensor m, Tensor row) {
        launcher.elementwise("myelin_add_row_vector", m.size(), m, row, m.rows(), m.cols());
    }

    void columnSums(Tensor m, double beta, Tensor out) {
        launcher.columns("myelin_column_sums", m.cols(), m, m.rows(), m.cols(), (float) beta, out);
    }

    void axpy(double alpha, Tensor x, Tensor y) {
        launcher.elementwise("myelin_axpy", x.size(), (float) alpha, x, y, x.size());
    }

    void scale(Tensor x, double alpha) {
        launcher.elementwise("myelin_scale", x.size(), x, (float) alpha, x.size());
    }

    void addSign(double lambda, Tensor x, Tensor y) {
        launcher.elementwise("myelin_add_sign", x.size(), (float) lambda, x, y, x.size());
    }

    /**
     * {@code out[0] = Σ f(x_i)} by {@code entry} ({@code myelin_sum_squares}, {@code _sum_abs}, {@code _count_non_finite}):
     * accumulated in double in an order fixed by the launch geometry; the last block adds the partials.
     */
    void reduce(String entry, Tensor x, Tensor out) {
        int n = x.size();
        CUdeviceptr partials = reduceWorkspace.pointer;
        CUdeviceptr counter = reduceWorkspace.pointer.withByteOffset((long) LaunchGeometry.REDUCE_MAX_BLOCKS * Double.BYTES);
        launcher.launch(entry, LaunchGeometry.reduceGrid(n), LaunchGeometry.BLOCK, 1, x, n, partials, counter, out);
    }
}
