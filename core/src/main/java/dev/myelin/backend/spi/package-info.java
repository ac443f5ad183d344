/**
 * What a backend implementation uses and a user of Myelin does not: one validator per operation, shared by every
 * backend.
 *
 * <p>Each operation of {@link dev.myelin.backend.Backend} is validated once, here: the backend's method calls the
 * matching validator as its first line (for example {@link dev.myelin.backend.spi.OptimiserChecks#adamStep}) and then
 * runs its own unchecked implementation, so the CPU and CUDA backends accept and refuse exactly the same calls with
 * the same messages. A backend supplies only two facts to {@link dev.myelin.backend.spi.Operands}: whether it is
 * closed, and whether a storage handle was released. Values that only a kernel reads (class indices of the sparse
 * loss, device row indices, maxout arg-maxes) are checked by the backend where it reads them.
 *
 * <p>A validator allocates nothing unless it throws (the training step allocates nothing after warm-up): operation
 * names are {@code final} local constants, so that names such as {@code op + ": epsilon"} are compile-time constants,
 * and messages are only built on failure.
 */
package dev.myelin.backend.spi;
