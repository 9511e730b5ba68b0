package io.terrarium.runner.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool of one thread that grows, up to a bound, only while its threads fall behind: a task queued behind
 * {@value #BACKLOG_PER_THREAD} waiting tasks per thread starts another thread, which ends after {@code keepAliveMillis}
 * without work. A plain fixed pool would start all its threads with the first few tasks, however quick, and keep
 * them forever; this one runs completions on one thread until a tick brings more than it keeps up with (a few
 * completions that overlap while classes load at start-up do not). The queue has no bound of its own: it holds at
 * most one task per call in flight.
 */
final class ElasticExecutor extends ThreadPoolExecutor {

    /** Waiting tasks per thread beyond which the pool grows. */
    static final int BACKLOG_PER_THREAD = 32;


    ElasticExecutor(int maxThreads, long keepAliveMillis, ThreadFactory threads) {
        this(maxThreads, keepAliveMillis, threads, new GrowFirstQueue());
    }

    private ElasticExecutor(int maxThreads, long keepAliveMillis, ThreadFactory threads, GrowFirstQueue queue) {
        super(1, Math.max(1, maxThreads), keepAliveMillis, TimeUnit.MILLISECONDS, queue, threads,
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the pool is shut down");
                    }
                    queue.queue(task); // every thread taken meanwhile: it waits for one
                });
        queue.pool = this;
    }

    /** Refuses a task (so that the pool starts a thread for it) when the threads fall behind and the pool may grow. */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {

        private static final long serialVersionUID = 1L;

        private transient ElasticExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            ElasticExecutor owner = pool;
            if (owner != null && size() >= BACKLOG_PER_THREAD) {
                int threads = owner.getPoolSize();
                if (threads < owner.getMaximumPoolSize() && size() >= BACKLOG_PER_THREAD * threads) {
                    return false;
                }
            }
            return super.offer(task);
        }

        void queue(Runnable task) {
            super.offer(task);
        }
    }
}
