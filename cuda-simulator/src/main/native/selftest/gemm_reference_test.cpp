// Checks the simulator's GEMM against a naive long-double reference on random
// cases: every transpose pair, padded leading dimensions, alpha/beta edge
// values, k = 0, NaN in C with beta = 0, and the arguments cuBLAS rejects.
// Prints how many cases passed; exits non-zero on the first failure.
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

#include "../cublas/gemm.h"

using namespace myelin_sim;

namespace {

std::mt19937_64 rng(20261122);

int uniformInt(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
double uniformReal() { return std::uniform_real_distribution<double>(-1.0, 1.0)(rng); }

template <typename T> T pick(std::initializer_list<T> values) {
    auto it = values.begin();
    std::advance(it, uniformInt(0, int(values.size()) - 1));
    return *it;
}

struct Case {
    int ta, tb, m, n, k, lda, ldb, ldc;
    double alpha, beta;
    bool nanInC;
};

const char* opName(int op) { return op == CUBLAS_OP_N ? "N" : op == CUBLAS_OP_T ? "T" : "C"; }

template <typename T> bool runCase(const Case& c, int index) {
    int rowsA = c.ta == CUBLAS_OP_N ? c.m : c.k, colsA = c.ta == CUBLAS_OP_N ? c.k : c.m;
    int rowsB = c.tb == CUBLAS_OP_N ? c.k : c.n, colsB = c.tb == CUBLAS_OP_N ? c.n : c.k;
    (void)rowsA;
    (void)rowsB;
    std::vector<T> A(std::size_t(c.lda) * std::max(colsA, 1)), B(std::size_t(c.ldb) * std::max(colsB, 1));
    std::vector<T> C(std::size_t(c.ldc) * std::max(c.n, 1));
    for (auto& v : A) v = T(uniformReal());
    for (auto& v : B) v = T(uniformReal());
    const T sentinel = T(12345.25);
    for (int j = 0; j < c.n; j++)
        for (int i = 0; i < c.ldc; i++)
            C[i + std::size_t(j) * c.ldc] = i >= c.m ? sentinel : (c.nanInC ? std::numeric_limits<T>::quiet_NaN() : T(uniformReal()));
    std::vector<T> C0 = C;
    auto opA = [&](int i, int p) { return c.ta == CUBLAS_OP_N ? A[i + std::size_t(p) * c.lda] : A[p + std::size_t(i) * c.lda]; };
    auto opB = [&](int p, int j) { return c.tb == CUBLAS_OP_N ? B[p + std::size_t(j) * c.ldb] : B[j + std::size_t(p) * c.ldb]; };

    if (checkGemmArguments(c.ta, c.tb, c.m, c.n, c.k, c.lda, c.ldb, c.ldc) != CUBLAS_STATUS_SUCCESS) {
        std::printf("case %d: valid arguments rejected\n", index);
        return false;
    }
    gemm<T>(c.ta, c.tb, c.m, c.n, c.k, T(c.alpha), A.data(), c.lda, B.data(), c.ldb, T(c.beta), C.data(), c.ldc, false);

    const long double eps = std::numeric_limits<T>::epsilon();
    for (int j = 0; j < c.n; j++) {
        for (int i = 0; i < c.ldc; i++) {
            T got = C[i + std::size_t(j) * c.ldc];
            if (i >= c.m) {
                if (got != sentinel) {
                    std::printf("case %d: padding row %d of column %d was written\n", index, i, j);
                    return false;
                }
                continue;
            }
            long double dot = 0, magnitude = 0;
            for (int p = 0; p < c.k; p++) {
                dot += (long double)opA(i, p) * opB(p, j);
                magnitude += std::fabs((long double)opA(i, p) * opB(p, j));
            }
            long double expect = c.alpha == 0 ? 0 : (long double)T(c.alpha) * dot;
            long double bound = std::fabs((long double)T(c.alpha)) * magnitude;
            if (c.beta != 0) {
                long double old = C0[i + std::size_t(j) * c.ldc];
                expect += (long double)T(c.beta) * old;
                bound += std::fabs((long double)T(c.beta) * old);
            }
            long double tolerance = 2 * eps * (c.k + 2) * bound + std::numeric_limits<T>::min();
            if (!(std::fabs((long double)got - expect) <= tolerance)) {
                std::printf("case %d (%s%s m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%g beta=%g nanC=%d): "
                            "C(%d,%d) = %.17g, reference %.17Lg, tolerance %.3Lg\n",
                            index, opName(c.ta), opName(c.tb), c.m, c.n, c.k, c.lda, c.ldb, c.ldc, c.alpha, c.beta,
                            c.nanInC, i, j, double(got), expect, tolerance);
                return false;
            }
        }
    }
    return true;
}

Case randomCase(int index) {
    Case c{};
    const int ops[] = {CUBLAS_OP_N, CUBLAS_OP_T, CUBLAS_OP_C};
    // Cycle through all nine transpose pairs so each gets the same share.
    c.ta = ops[index % 3];
    c.tb = ops[index / 3 % 3];
    c.m = uniformInt(0, 9) == 0 ? 0 : uniformInt(1, 37);
    c.n = uniformInt(0, 9) == 0 ? 0 : uniformInt(1, 37);
    c.k = uniformInt(0, 7) == 0 ? 0 : uniformInt(1, 70);
    int rowsA = c.ta == CUBLAS_OP_N ? c.m : c.k;
    int rowsB = c.tb == CUBLAS_OP_N ? c.k : c.n;
    c.lda = std::max(1, rowsA) + (uniformInt(0, 1) ? uniformInt(1, 5) : 0);
    c.ldb = std::max(1, rowsB) + (uniformInt(0, 1) ? uniformInt(1, 5) : 0);
    c.ldc = std::max(1, c.m) + (uniformInt(0, 1) ? uniformInt(1, 5) : 0);
    c.alpha = pick<double>({0.0, 1.0, -1.0, 0.5, uniformReal() * 3});
    c.beta = pick<double>({0.0, 0.0, 1.0, -2.0, uniformReal() * 3});
    c.nanInC = c.beta == 0 && uniformInt(0, 1) == 1;
    return c;
}

template <typename T> int invalidArgumentChecks() {
    struct Bad {
        int ta, tb, m, n, k, lda, ldb, ldc;
    };
    const Bad bad[] = {
        {7, CUBLAS_OP_N, 2, 2, 2, 2, 2, 2},            // unknown transa
        {CUBLAS_OP_N, 3, 2, 2, 2, 2, 2, 2},            // CUBLAS_OP_CONJG is not a GEMM operation
        {CUBLAS_OP_N, CUBLAS_OP_N, -1, 2, 2, 2, 2, 2}, // m < 0
        {CUBLAS_OP_N, CUBLAS_OP_N, 2, -1, 2, 2, 2, 2}, // n < 0
        {CUBLAS_OP_N, CUBLAS_OP_N, 2, 2, -1, 2, 2, 2}, // k < 0
        {CUBLAS_OP_N, CUBLAS_OP_N, 4, 2, 3, 3, 3, 4},  // lda < m
        {CUBLAS_OP_T, CUBLAS_OP_N, 4, 2, 3, 2, 3, 4},  // lda < k for op T
        {CUBLAS_OP_N, CUBLAS_OP_N, 4, 2, 3, 4, 2, 4},  // ldb < k
        {CUBLAS_OP_N, CUBLAS_OP_C, 4, 2, 3, 4, 1, 4},  // ldb < n for op C
        {CUBLAS_OP_N, CUBLAS_OP_N, 4, 2, 3, 4, 3, 3},  // ldc < m
        {CUBLAS_OP_N, CUBLAS_OP_N, 0, 2, 3, 0, 3, 1},  // lda < 1 even when m = 0
        {CUBLAS_OP_N, CUBLAS_OP_N, 0, 0, 0, 1, 1, 0},  // ldc < 1
    };
    int checked = 0;
    for (const Bad& b : bad) {
        if (checkGemmArguments(b.ta, b.tb, b.m, b.n, b.k, b.lda, b.ldb, b.ldc) != CUBLAS_STATUS_INVALID_VALUE) {
            std::printf("invalid arguments #%d accepted\n", checked);
            return -1;
        }
        checked++;
    }
    return checked;
}

bool tf32RoundsInputs() {
    // 1 + 2^-12 is not representable in TF32 (10 mantissa bits): rounded to 1.
    float a = 1.0f + std::ldexp(1.0f, -12), b = 1.0f, c = 0.0f, one = 1.0f;
    gemm<float>(CUBLAS_OP_N, CUBLAS_OP_N, 1, 1, 1, one, &a, 1, &b, 1, 0.0f, &c, 1, true);
    float exact = 0.0f;
    gemm<float>(CUBLAS_OP_N, CUBLAS_OP_N, 1, 1, 1, one, &a, 1, &b, 1, 0.0f, &exact, 1, false);
    return c == 1.0f && exact == a;
}

}  // namespace

int main(int argc, char** argv) {
    int cases = argc > 1 ? std::atoi(argv[1]) : 1200;
    int passed = 0;
    for (int i = 0; i < cases; i++) {
        Case c = randomCase(i);
        bool ok = i % 2 == 0 ? runCase<float>(c, i) : runCase<double>(c, i);
        if (!ok) return 1;
        passed++;
    }
    int rejected = invalidArgumentChecks<float>();
    if (rejected < 0) return 1;
    if (!tf32RoundsInputs()) {
        std::printf("TF32 mode does not round inputs to 10 mantissa bits\n");
        return 1;
    }
    std::printf("gemm-reference-test: %d random cases passed (%d sgemm, %d dgemm), %d invalid-argument cases rejected\n",
                passed, (passed + 1) / 2, passed / 2, rejected);
    return 0;
}
