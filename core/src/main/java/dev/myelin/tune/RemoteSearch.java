package dev.myelin.tune;

import java.util.function.Consumer;

/**
 * Runs the trials of a search on an engine outside this JVM's threads, e.g. a cluster; found with
 * {@link java.util.ServiceLoader} so that the command line needs the engine's classes only when it is asked for. The
 * trials are those of {@code strategy.plan(space, seed)}, run to completion (no pruning), each with the same seed,
 * epoch budget and {@link TrialContext} contract as in a {@link Search}; the results are the same as a local search's
 * for the same objective, space, strategy and seed. Implementations are stateless and thread-safe.
 */
public interface RemoteSearch {

    /** The engine's name as the command line spells it, e.g. {@code spark}. */
    String name();

    /**
     * Runs every trial at {@code target} (the engine's address, e.g. a Spark master URL) and returns the results, best
     * first. {@code objective} must be serializable when the engine sends it to other processes; {@code listener} (may
     * be null) sees each result on the calling thread.
     *
     * @throws IllegalArgumentException when the strategy or objective cannot run on this engine (the message says why)
     */
    SearchResults run(String target, SearchSpace space, Strategy strategy, Objective objective, Direction direction, int maxEpochs, long seed,
                      Consumer<TrialResult> listener);
}
