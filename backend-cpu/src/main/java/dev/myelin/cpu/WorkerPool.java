package dev.myelin.cpu;

/**
 * A persistent set of worker threads that run the parts of one task at a time.
 *
 * <p>{@link #run} hands part {@code p} (for {@code 1 <= p < parts}) to worker {@code p − 1} and
 * runs part 0 on the caller's thread, so a given part index always runs on the same thread
 * (per-part buffers need no synchronisation). Nothing is allocated per call.
 */
final class WorkerPool implements AutoCloseable {

    /** A unit of parallel work; {@code part} is in {@code [0, parts)}. */
    interface Task {
        void run(int part);
    }

    private final Thread[] workers;
    private Task task;
    private int parts;
    private long generation;
    private int pending;
    private Throwable failure;
    private boolean shutdown;

    /** Starts {@code threads − 1} daemon workers (the caller is the remaining thread). */
    WorkerPool(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            Thread t = new Thread(() -> workLoop(part), namePrefix + part);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    /** Total number of threads, the caller included. */
    int threads() {
        return workers.length + 1;
    }

    /** Runs {@code task} for parts {@code 0..parts−1} and returns when all are done; rethrows the first failure. */
    void run(Task task, int parts) {
        if (parts > threads()) {
            throw new IllegalArgumentException("parts " + parts + " > threads " + threads());
        }
        if (parts <= 1) {
            task.run(0);
            return;
        }
        synchronized (this) {
            if (shutdown) {
                throw new IllegalStateException("worker pool is shut down");
            }
            this.task = task;
            this.parts = parts;
            this.failure = null;
            this.pending = workers.length;
            generation++;
            notifyAll();
        }
        Throwable mine = null;
        try {
            task.run(0);
        } catch (Throwable t) {
            mine = t;
        }
        Throwable theirs;
        boolean interrupted = false;
        synchronized (this) {
            while (pending > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            theirs = failure;
            this.task = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable first = mine != null ? mine : theirs;
        if (first instanceof RuntimeException) {
            throw (RuntimeException) first;
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    private void workLoop(int part) {
        long seen = 0;
        while (true) {
            Task t;
            int p;
            synchronized (this) {
                while (generation == seen && !shutdown) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only shutdown ends a worker
                    }
                }
                if (shutdown) {
                    return;
                }
                seen = generation;
                t = task;
                p = parts;
            }
            Throwable error = null;
            if (part < p) {
                try {
                    t.run(part);
                } catch (Throwable e) {
                    error = e;
                }
            }
            synchronized (this) {
                if (error != null && failure == null) {
                    failure = error;
                }
                pending--;
                if (pending == 0) {
                    notifyAll();
                }
            }
        }
    }

    /** Stops the workers and waits for them to end. */
    @Override
    public void close() {
        synchronized (this) {
            shutdown = true;
            notifyAll();
        }
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
