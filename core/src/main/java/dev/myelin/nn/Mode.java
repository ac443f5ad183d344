package dev.myelin.nn;

/**
 * What a forward pass is for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param training whether this is a training pass (dropout active, batch norm uses and updates batch statistics)
 * @param seed     the run's seed, from which stochastic layers derive their random streams
 * @param step     the optimiser step this pass belongs to (so that a stochastic layer draws fresh masks each step)
 */
public record Mode(boolean training, long seed, long step) {

    /** Inference: deterministic, no statistics updated. */
    public static Mode inference() {
        return new Mode(false, 0, 0);
    }

    /** Training at step {@code step} of a run seeded with {@code seed}. */
    public static Mode training(long seed, long step) {
        return new Mode(true, seed, step);
    }
}
