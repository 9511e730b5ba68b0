package io.terrarium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.Sink;

/**
 * 100 install/uninstall cycles of a collector bundle while 50 jobs collect every second leave the container's
 * threads, open files and Python processes where they were. The figures are printed for the record. The threads of
 * the two elastic pools (see {@link #elastic}) are bounded rather than compared.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CollectorChurnIT {

    private static final int CYCLES = 100;
    private static final int WARM_UP = 3;

    @Inject
    private BundleContext context;

    @Inject
    private JobControl jobControl;

    @Configuration
    public Option[] configuration() {
        return ContainerOptions.terrarium(ContainerOptions.resource("management/conf.d"),
                ContainerOptions.resource("container/python.d"));
    }

    @Test
    public void hundredInstallUninstallCyclesLeakNoThreadFileOrProcess() throws Exception {
        TickLedger ledger = new TickLedger();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Sink.NAME, "ledger");
        ServiceRegistration<Sink> registration = context.registerService(Sink.class, ledger, properties);
        try {
            Await.until("the 50 ticker jobs deliver", 30_000,
                    () -> ManagementIT.TICKERS.stream().allMatch(job -> ledger.runs(job).size() >= 2));
            for (int i = 0; i < WARM_UP; i++) {
                cycle(i);
            }
            Resources before = baseline();
            java.util.Set<String> namesBefore = threadNames();
            long started = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                cycle(WARM_UP + i);
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            Resources after = settled(before);
            System.err.printf("CollectorChurnIT: %d cycles in %d s; before %s; after %s%n", CYCLES, seconds, before,
                    after);
            java.util.Set<String> added = threadNames();
            added.removeAll(namesBefore);
            long elastic = Thread.getAllStackTraces().keySet().stream().filter(CollectorChurnIT::elastic).count();
            System.err.println("CollectorChurnIT: threads not there before: " + added + "; elastic pool threads now: "
                    + elastic);
            // a thread left per cycle would make 100 or more
            assertTrue("the elastic pools stay bounded (" + elastic + " threads)", elastic <= 64);
            assertEquals("python processes", before.pythons(), after.pythons());
            assertTrue("threads: before " + before + ", after " + after, after.threads() <= before.threads());
            assertTrue("open files: before " + before + ", after " + after, after.files() <= before.files());
            assertTrue("the 50 jobs kept running", ManagementIT.TICKERS.stream()
                    .allMatch(job -> jobControl.jobs().stream()
                            .anyMatch(s -> s.id().equals(job) && s.state() == JobStatus.State.RUNNING)));
        } finally {
            registration.unregister();
        }
    }

    /** Installs the bundle, waits until its job runs, uninstalls it and waits until the job and worker are gone. */
    private void cycle(int i) throws Exception {
        JobId job = new JobId("churn", "a");
        Bundle bundle = context.installBundle("memory:churn-" + i,
                CollectorJar.beacon("test.collector.churn", "1.0." + i, "churn", i, 1).stream());
        bundle.start();
        Await.until("cycle " + i + ": its job runs", 15_000, () -> jobControl.jobs().stream()
                .anyMatch(s -> s.id().equals(job) && s.state() == JobStatus.State.RUNNING));
        bundle.uninstall();
        Await.until("cycle " + i + ": its job is gone", 10_000,
                () -> jobControl.jobs().stream().noneMatch(s -> s.id().equals(job)));
    }

    /**
     * The highest counts seen over 5 s of the load alone: pools grow and shrink a thread or two with the work (the
     * runner's, the JDK's common pool), so a single sample is no baseline. A leak shows as growth with the cycles.
     */
    private static Resources baseline() throws InterruptedException {
        Resources highest = Resources.now();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            Resources current = Resources.now();
            highest = new Resources(Math.max(highest.threads(), current.threads()),
                    Math.max(highest.files(), current.files()), Math.max(highest.pythons(), current.pythons()));
        }
        return highest;
    }

    /** Waits (up to a minute: idle pool threads take that long to end) until no count is above {@code limit}'s. */
    private static Resources settled(Resources limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Resources current = Resources.now();
            if (current.pythons() == limit.pythons() && current.threads() <= limit.threads()
                    && current.files() <= limit.files()) {
                return current;
            }
            Thread.sleep(1000);
        }
        return Resources.now();
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.add(thread.getName()));
        return names;
    }

    /**
     * Threads of the two elastic pools: the runner's (a cached pool: under a steady load it keeps as many threads as
     * its peak concurrency in the last minute) and the JDK's common pool. Their size follows the load, not the
     * cycles, so they are counted apart and bounded instead.
     */
    private static boolean elastic(Thread thread) {
        return thread.getName().startsWith("terrarium-runner-")
                || thread.getName().startsWith("ForkJoinPool.commonPool-worker-");
    }

    /**
     * What a leak would grow: JVM threads (but the elastic pools'), the process's open file descriptors, its Python
     * descendants.
     */
    record Resources(int threads, int files, long pythons) {

        static Resources now() {
            String[] fds = new File("/proc/self/fd").list();
            long pythons = ProcessHandle.current().descendants()
                    .filter(process -> process.info().command().map(command -> command.contains("python"))
                            .orElse(false))
                    .count();
            int threads = (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !elastic(t)).count();
            return new Resources(threads, fds == null ? -1 : fds.length, pythons);
        }

        @Override
        public String toString() {
            return threads + " threads, " + files + " open files, " + pythons + " python processes";
        }
    }
}
