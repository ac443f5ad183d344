package dev.myelin.tune;

import dev.myelin.util.ArgumentChecks;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A hyperparameter search: runs the trials of a {@link Strategy} over a {@link SearchSpace} through an {@link Objective},
 * at most {@code workers} at a time, each trial on its own thread with {@code cores / workers} CPU threads. A trial that
 * throws or diverges becomes a row with that status; the search goes on. With a journal file every finished trial is
 * appended to it, and a search started again with the same journal, space, strategy and seed skips the trials it holds.
 *
 * <pre>{@code
 * SearchResults results = Search.builder(space, new Strategy.Random(20), objective)
 *         .maxEpochs(30).workers(2).seed(42).journal(out.resolve("trials.jsonl")).build().run();
 * }</pre>
 * A {@code Search} is run once at a time; {@link #run()} blocks until every trial has ended.
 *
 * <p>Its settings are immutable and each {@link #run()} keeps its own state; the listener is called under that
 * run's lock, one result at a time, so it need not be thread-safe. Do not run one search twice at once: the runs
 * would share the journal.
 */
public final class Search {
    private final SearchSpace space;
    private final Strategy strategy;
    private final Objective objective;
    private final Direction direction;
    private final int maxEpochs;
    private final int workers;
    private final int threadsPerTrial;
    private final long seed;
    private final Path journal;
    private final Consumer<TrialResult> listener;

    private Search(Builder b) {
        this.space = b.space;
        this.strategy = b.strategy;
        this.objective = b.objective;
        this.direction = b.direction;
        this.maxEpochs = b.maxEpochs;
        this.workers = b.workers;
        this.threadsPerTrial = Math.max(1, b.cores / b.workers);
        this.seed = b.seed;
        this.journal = b.journal;
        this.listener = b.listener;
    }

    public static Builder builder(SearchSpace space, Strategy strategy, Objective objective) {
        return new Builder(space, strategy, objective);
    }

    /** CPU threads each trial gets. */
    public int threadsPerTrial() {
        return threadsPerTrial;
    }

    /** Runs every trial not already in the journal and returns all results, best first. */
    public SearchResults run() {
        return new Run().execute();
    }

    /** The state of one search run: guarded by {@code this}. */
    private final class Run {
        private final Deque<TrialConfig> pending = new ArrayDeque<>();
        private final Map<Integer, Trial> waiting = new HashMap<>();
        private final List<TrialResult> results = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final AshaRungs rungs = strategy instanceof Strategy.Asha a ? new AshaRungs(a.rungs(maxEpochs), a.reduction(), direction) : null;
        private final TrialJournal log = journal == null ? null : new TrialJournal(journal);
        private int running;

        SearchResults execute() {
            Map<Integer, TrialResult> done = log == null ? Map.of() : log.finished();
            for (TrialConfig c : strategy.plan(space, seed)) {
                TrialResult previous = done.get(c.id());
                if (previous != null && TrialJournal.sameParams(previous.params(), c.params())) {
                    results.add(previous);
                    restoreRungs(previous);
                } else {
                    pending.add(c);
                }
            }
            synchronized (this) {
                while (true) {
                    while (running < workers && startNext()) {
                        running++;
                    }
                    if (running == 0 && pending.isEmpty()) {
                        break;
                    }
                    waitHere();
                }
                for (Trial t : waiting.values()) {
                    t.decide(false);
                }
                waiting.clear();
                notifyAll();
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the trials to finish", e);
                }
            }
            return new SearchResults(results, direction, maxEpochs);
        }

        /** A finished trial from the journal counts in the rungs it passed, and is never promoted again. */
        private void restoreRungs(TrialResult r) {
            if (rungs == null || !r.status().scored()) {
                return;
            }
            for (int rung = 0; rung < ((Strategy.Asha) strategy).rungs(maxEpochs).size(); rung++) {
                int epochs = ((Strategy.Asha) strategy).rungs(maxEpochs).get(rung);
                if (r.epochs() >= epochs) {
                    rungs.record(rung, r.id(), r.score());
                    rungs.retire(rung, r.id());
                }
            }
        }

        /** Promotes a waiting trial or starts a pending one; false when there is nothing to do now. */
        private boolean startNext() {
            if (rungs != null) {
                int id = rungs.promotable(waiting.keySet());
                if (id >= 0) {
                    Trial t = waiting.remove(id);
                    rungs.retire(rungs.rungAt(t.epochs), id);
                    t.decide(true);
                    notifyAll();
                    return true;
                }
            }
            TrialConfig next = pending.poll();
            if (next == null) {
                return false;
            }
            Thread thread = new Thread(new Trial(next), "myelin-trial-" + next.id());
            threads.add(thread);
            thread.start();
            return true;
        }

        private void waitHere() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the search was interrupted", e);
            }
        }

        /** One trial on its own thread; its fields are guarded by the enclosing run. */
        private final class Trial implements Runnable {
            private final TrialConfig config;
            private int epochs;
            private double lastScore = Double.NaN;
            private Boolean decision;
            private boolean pruned;

            Trial(TrialConfig config) {
                this.config = config;
            }

            @Override
            public void run() {
                long start = System.nanoTime();
                TrialStatus status;
                double score = Double.NaN;
                String message = "";
                try {
                    score = objective.run(config, new BudgetedTrialContext(threadsPerTrial, maxEpochs, seed, this::report));
                    synchronized (Run.this) {
                        status = pruned ? TrialStatus.PRUNED : TrialStatus.ofFinalScore(score);
                        if (pruned) {
                            score = lastScore;
                            message = "pruned after " + epochs + " epochs";
                        } else if (!Double.isFinite(score)) {
                            message = TrialStatus.divergedMessage(score);
                        }
                    }
                } catch (Exception | Error e) {
                    status = TrialStatus.FAILED;
                    message = TrialStatus.failedMessage(e);
                }
                synchronized (Run.this) {
                    if (!Double.isFinite(score) && status != TrialStatus.FAILED) {
                        status = TrialStatus.DIVERGED;
                    }
                    TrialResult result = new TrialResult(config.id(), config.params(), status, status.scored() ? score : Double.NaN,
                            epochs, (System.nanoTime() - start) / 1e9, message);
                    results.add(result);
                    if (log != null) {
                        log.append(result);
                    }
                    if (!pruned) {
                        running--;
                    }
                    if (listener != null) {
                        listener.accept(result);
                    }
                    Run.this.notifyAll();
                }
            }

            /** The trial's report after {@code epoch} epochs; under successive halving it waits at a rung for the decision. */
            boolean report(int epoch, double score) {
                synchronized (Run.this) {
                    epochs = epoch;
                    lastScore = score;
                    if (!Double.isFinite(score)) {
                        return false;
                    }
                    int rung = rungs == null ? -1 : rungs.rungAt(epoch);
                    if (rung < 0) {
                        return true;
                    }
                    rungs.record(rung, config.id(), score);
                    decision = null;
                    waiting.put(config.id(), this);
                    running--;
                    Run.this.notifyAll();
                    while (decision == null) {
                        waitHere();
                    }
                    pruned = !decision;
                    return decision;
                }
            }

            /** Called by the scheduler: train on (the caller has counted this trial as running again) or stop. */
            void decide(boolean promote) {
                decision = promote;
            }
        }
    }

    /** Settings of a {@link Search}. Defaults: maximise, 10 epochs, 1 worker, seed 42, the machine's cores, no journal. */
    public static final class Builder {
        private final SearchSpace space;
        private final Strategy strategy;
        private final Objective objective;
        private Direction direction = Direction.MAXIMIZE;
        private int maxEpochs = 10;
        private int workers = 1;
        private int cores = Runtime.getRuntime().availableProcessors();
        private long seed = 42;
        private Path journal;
        private Consumer<TrialResult> listener;

        private Builder(SearchSpace space, Strategy strategy, Objective objective) {
            this.space = Objects.requireNonNull(space, "space");
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            this.objective = Objects.requireNonNull(objective, "objective");
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** Epochs of a trial that is never pruned (ASHA's largest budget). */
        public Builder maxEpochs(int maxEpochs) {
            ArgumentChecks.atLeast("maxEpochs", maxEpochs, 1);
            this.maxEpochs = maxEpochs;
            return this;
        }

        /** Trials training at the same time; at most the number of cores, so that workers × threads per trial ≤ cores. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** The cores the trials share (default: the machine's). */
        public Builder cores(int cores) {
            ArgumentChecks.atLeast("cores", cores, 1);
            this.cores = cores;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A JSON-lines file of finished trials: appended to as trials end, read at start to skip them. */
        public Builder journal(Path journal) {
            this.journal = journal;
            return this;
        }

        /** Called (under the search's lock, from a trial's thread) as each trial ends. */
        public Builder onTrialEnd(Consumer<TrialResult> listener) {
            this.listener = listener;
            return this;
        }

        public Search build() {
            if (workers < 1 || workers > cores) {
                throw new IllegalArgumentException("workers must be between 1 and the " + cores + " cores (each trial gets cores / workers threads),"
                        + " got " + workers);
            }
            return new Search(this);
        }
    }
}
