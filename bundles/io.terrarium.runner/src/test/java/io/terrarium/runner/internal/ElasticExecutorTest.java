package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElasticExecutorTest {

    private final AtomicInteger made = new AtomicInteger();
    private final ElasticExecutor pool = new ElasticExecutor(3, 200, task -> {
        Thread thread = new Thread(task, "elastic-" + made.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void quickTasksOneAfterAnotherRunOnOneThread() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(() -> {
                threads.add(Thread.currentThread().getName());
                ran.countDown();
            });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
        }
        assertEquals(Set.of("elastic-1"), threads);
        assertEquals(1, made.get());
    }

    @Test
    void aBacklogStartsThreadsUpToTheBoundAndTheyEndWhenIdle() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int tasks = ElasticExecutor.BACKLOG_PER_THREAD * 10;
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                threads.add(Thread.currentThread().getName());
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.incrementAndGet();
            });
        }
        assertEquals(3, pool.getPoolSize(), "grew to its bound, no further");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((done.get() < tasks || pool.getPoolSize() > 1) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(tasks, done.get(), "every task ran");
        assertEquals(3, threads.size());
        assertEquals(1, pool.getPoolSize(), "the extra threads ended after their idle time; one stays");
    }

    @Test
    void aShutDownPoolRefusesWork() {
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }
}
