package io.terrarium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.IntStream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
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
import org.osgi.service.cm.ConfigurationAdmin;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.data.CollectionResult;

/**
 * Hot swap under load, in a real Felix: 50 jobs collect every second while collector bundles are installed, updated
 * and uninstalled, and sinks are configured, reconfigured, removed, stopped and started. A sink that stays (the
 * ledger) must see every one of the 50 jobs at every tick throughout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagementIT {

    static final List<JobId> TICKERS = IntStream.rangeClosed(1, 50)
            .mapToObj(i -> new JobId("ticker", String.format("j%02d", i))).toList();
    /** A run every second: a gap of more than this is a missed tick. */
    private static final Duration MAX_GAP = Duration.ofMillis(1600);

    @Inject
    private BundleContext context;

    @Inject
    private JobControl jobControl;

    @Inject
    private WorkerPool workerPool;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private final TickLedger ledger = new TickLedger();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] configuration() throws IOException {
        // a copy of the management conf.d, which the live-config test edits
        Path confDir = Files.createTempDirectory(Path.of(System.getenv("TERRARIUM_TEST_TEMP")), "management-conf.d");
        Path source = Path.of(ContainerOptions.resource("management/conf.d"));
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = confDir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return ContainerOptions.terrarium(confDir.toString(), ContainerOptions.resource("container/python.d"));
    }

    @Before
    public void registerLedgerAndAwaitTheLoad() throws InterruptedException {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Sink.NAME, "ledger");
        registrations.add(context.registerService(Sink.class, ledger, properties));
        Await.until("the 50 ticker jobs deliver", 30_000,
                () -> TICKERS.stream().allMatch(job -> ledger.runs(job).size() >= 2));
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    @Test
    public void collectorBundleInstalledUpdatedAndUninstalledTouchesOnlyItsJobs() throws Exception {
        Instant from = Instant.now();
        JobId beaconA = new JobId("beacon", "a");
        JobId beaconB = new JobId("beacon", "b");

        long installed = System.nanoTime();
        Bundle bundle = context.installBundle("memory:beacon",
                CollectorJar.beacon("test.collector.beacon", "1.0.0", "beacon", 1, 2).stream());
        bundle.start();
        Await.until("the bundle's jobs run", 10_000, () -> running(beaconA) && running(beaconB), this::states);
        long startMillis = (System.nanoTime() - installed) / 1_000_000;
        assertTrue("its jobs started " + startMillis + " ms after the install (at most 2 s)", startMillis <= 2000);
        Await.until("version 1 collects", 10_000, () -> lastLevel(beaconA) == 1 && lastLevel(beaconB) == 1);
        assertEquals("its source", "test.collector.beacon", statusOf(beaconA).source());
        long tickerRuns = statusOf(TICKERS.get(0)).runs();

        bundle.update(CollectorJar.beacon("test.collector.beacon", "1.1.0", "beacon", 2, 2).stream());
        Await.until("version 2 collects", 15_000, () -> lastLevel(beaconA) == 2 && lastLevel(beaconB) == 2);
        // a restarted job starts counting its runs from 0 again (the tickers have run at least twice)
        assertTrue("the ticker jobs were not restarted by the update",
                statusOf(TICKERS.get(0)).runs() >= tickerRuns);

        bundle.uninstall();
        Await.until("its jobs are gone", 5_000,
                () -> jobControl.jobs().stream().noneMatch(job -> job.id().module().equals("beacon")), this::states);
        Await.until("its charts are retired", 5_000, () -> !ledger.retired(beaconA).isEmpty());
        assertTrue("retired as obsolete",
                ledger.retired(beaconA).stream().allMatch(chart -> chart.options().contains("obsolete")));
        Await.until("its worker ends", 10_000,
                () -> workerPool.workers().stream().noneMatch(worker -> worker.group().equals("beacon")),
                () -> workerPool.workers().toString());
        int after = ledger.runs(beaconA).size();
        Thread.sleep(2000); // nothing may come: waiting is the point here
        assertEquals("no run after the uninstall", after, ledger.runs(beaconA).size());

        assertEveryTickerKeptEveryTick(from, Instant.now());
    }

    @Test
    public void aBundleUninstalledWhileItsCheckRunsLeavesNoWorkerBehind() throws Exception {
        JobId slow = new JobId("slowcheck", "a");
        CollectorJar jar = new CollectorJar("test.collector.slowcheck", "1.0.0")
                .with("python.d/slowcheck.chart.py", """
                        # a collector whose check takes 2 s
                        import time
                        from bases.FrameworkServices.SimpleService import SimpleService


                        class Service(SimpleService):
                            def check(self):
                                time.sleep(2)
                                return True

                            def get_data(self):
                                return {'x': 1}
                        """)
                .with("conf.d/python.d/slowcheck.conf", "a:\n  update_every: 1\n");
        Bundle bundle = context.installBundle("memory:slowcheck", jar.stream());
        bundle.start();
        Await.until("its check runs", 10_000, () -> jobControl.jobs().stream()
                .anyMatch(s -> s.id().equals(slow) && s.state() == JobStatus.State.CHECKING)
                && workerPool.workers().stream().anyMatch(worker -> worker.group().equals("slowcheck")));
        bundle.uninstall();
        Await.until("its job is gone", 5_000, () -> jobControl.jobs().stream().noneMatch(s -> s.id().equals(slow)));
        Await.until("its worker ends once the check is over", 15_000,
                () -> workerPool.workers().stream().noneMatch(worker -> worker.group().equals("slowcheck")),
                () -> workerPool.workers().toString());
        assertTrue("it never ran", ledger.runs(slow).isEmpty());
    }

    @Test
    public void sinkConfigurationCreatedChangedAndDeletedLive() throws Exception {
        Instant from = Instant.now();
        Path folder = Files.createTempDirectory(Path.of(System.getenv("TERRARIUM_TEST_TEMP")), "file-sink");
        Path first = folder.resolve("first.jsonl");
        Path second = folder.resolve("second.jsonl");
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("io.terrarium.sink.file", "capture", "?");
        configuration.update(new Hashtable<>(java.util.Map.of("path", first.toString())));
        Await.until("data in the first file", 10_000, () -> linesFor(first, "ticker/j50") >= 2);

        configuration.update(new Hashtable<>(java.util.Map.of("path", second.toString())));
        Await.until("data in the second file", 10_000, () -> linesFor(second, "ticker/j50") >= 2);
        long firstSize = Files.size(first);
        Await.until("the second file grows", 10_000, () -> linesFor(second, "ticker/j50") >= 4);
        assertEquals("the first file no longer grows", firstSize, Files.size(first));

        configuration.delete();
        Await.until("the sink is gone", 10_000, () -> !sinkNamed("capture"));
        long secondSize = Files.size(second);
        Thread.sleep(2000); // nothing may come: waiting is the point here
        assertEquals("the deleted sink writes nothing more", secondSize, Files.size(second));

        assertEveryTickerKeptEveryTick(from, Instant.now());
    }

    @Test
    public void twoSinksOfOneTypeRunSideBySide() throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getenv("TERRARIUM_TEST_TEMP")), "file-sinks");
        List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();
        for (String name : List.of("left", "right")) {
            org.osgi.service.cm.Configuration configuration = configurationAdmin
                    .getFactoryConfiguration("io.terrarium.sink.file", name, "?");
            configuration.update(new Hashtable<>(java.util.Map.of("path", folder.resolve(name + ".jsonl").toString())));
            configurations.add(configuration);
        }
        try {
            Await.until("both files fill", 10_000, () -> linesFor(folder.resolve("left.jsonl"), "ticker/j01") >= 2
                    && linesFor(folder.resolve("right.jsonl"), "ticker/j01") >= 2);
            assertTrue(sinkNamed("left") && sinkNamed("right"));
        } finally {
            for (org.osgi.service.cm.Configuration configuration : configurations) {
                configuration.delete();
            }
        }
    }

    @Test
    public void sinkBundleStoppedAndStarted() throws Exception {
        Instant from = Instant.now();
        Path file = Files.createTempDirectory(Path.of(System.getenv("TERRARIUM_TEST_TEMP")), "file-sink-bundle")
                .resolve("out.jsonl");
        org.osgi.service.cm.Configuration configuration = configurationAdmin
                .getFactoryConfiguration("io.terrarium.sink.file", "bundle-test", "?");
        configuration.update(new Hashtable<>(java.util.Map.of("path", file.toString())));
        try {
            Await.until("data in the file", 10_000, () -> linesFor(file, "ticker/j01") >= 2);
            Bundle sinkBundle = bundleNamed("io.terrarium.sink.file");
            sinkBundle.stop();
            assertFalse("no file sink while its bundle is stopped", sinkNamed("bundle-test"));
            long stoppedSize = Files.size(file);
            Thread.sleep(2000); // nothing may come: waiting is the point here
            assertEquals("nothing written while stopped", stoppedSize, Files.size(file));

            sinkBundle.start();
            Await.until("the sink is back with its configuration", 10_000, () -> sinkNamed("bundle-test"));
            Await.until("it writes again", 10_000, () -> size(file) > stoppedSize);
        } finally {
            configuration.delete();
        }
        assertEveryTickerKeptEveryTick(from, Instant.now());
    }

    @Test
    public void everyShellCommandAnswersOverTheLoad() throws Exception {
        Instant from = Instant.now();
        JobId j07 = new JobId("ticker", "j07");
        String jobs = shell("terrarium:jobs");
        assertTrue(jobs, jobs.startsWith("MODULE  JOB  KIND      STATE    EVERY  LAST-RUN  DURATION  RUNS"));
        assertEquals(jobs, 50, jobs.lines().filter(line -> line.matches(
                "ticker +j\\d\\d +python\\.d +running +1s +\\d\\d:\\d\\d:\\d\\d +\\d+ms +\\d+ +0 +0 +0s +all +conf\\.d +-"))
                .count());
        assertEquals(shell("terrarium:jobs 'ticker/j1*'").lines().count(), 11); // header and j10..j19

        String modules = shell("terrarium:modules");
        assertTrue(modules, modules.lines().anyMatch(line -> line.matches(
                "ticker +python\\.d +conf\\.d +50 +50 +ticker +.*ticker\\.chart\\.py")));

        String workers = shell("terrarium:workers");
        long pid = workerPool.workers().stream().filter(w -> w.group().equals("ticker")).findFirst().orElseThrow()
                .pid();
        assertTrue(workers, workers.lines().anyMatch(line -> line.matches(
                "ticker +" + pid + " +running +50 +ticker +[0-9.]+MiB +\\S+ +0")));

        Path folder = Files.createTempDirectory(Path.of(System.getenv("TERRARIUM_TEST_TEMP")), "shell-sink");
        Path first = folder.resolve("a.jsonl");
        Path second = folder.resolve("b.jsonl");
        assertEquals("created sink shellfile (file) as configuration io.terrarium.sink.file~shellfile: path=" + first,
                shell("terrarium:sink-create file shellfile path=" + first));
        Await.until("the new sink writes", 10_000, () -> linesFor(first, "ticker/j01") >= 1);
        String sinks = shell("terrarium:sinks");
        assertTrue(sinks, sinks.lines().anyMatch(line -> line.matches(
                "shellfile +file +ok +" + java.util.regex.Pattern.quote(first.toString()) + " +\\d+ +\\d+ +0 +0 .*")));
        assertTrue(sinks, sinks.lines().anyMatch(line -> line.matches("ledger +- +ok +.*")));

        String run = shell("terrarium:run ticker/j05");
        assertTrue(run, run.lines().findFirst().orElse("").matches("ticker/j05: 1 chart, 1 dimension, .*"));
        assertTrue(run, run.contains("--- sink shellfile (file)\n{"));
        assertTrue(run, run.contains("\"job\":\"ticker/j05\""));
        assertTrue(run, run.contains("--- sink ledger (-)\n(this sink shows no preview)"));

        assertEquals("changed sink shellfile: path=" + second,
                shell("terrarium:sink-change shellfile path=" + second));
        Await.until("the changed sink writes to its new file", 10_000, () -> linesFor(second, "ticker/j01") >= 1);
        assertEquals("deleted sink shellfile (configuration io.terrarium.sink.file~shellfile)",
                shell("terrarium:sink-delete shellfile"));
        Await.until("the deleted sink is gone", 10_000, () -> !sinkNamed("shellfile"));

        assertEquals("disabled ticker/j07", shell("terrarium:disable ticker/j07"));
        assertEquals(JobStatus.State.DISABLED, statusOf(j07).state());
        Await.until("its charts are retired", 5_000, () -> !ledger.retired(j07).isEmpty());
        assertEquals("ticker/j07 was already disabled", shell("terrarium:disable ticker/j07"));
        // a job that is not running is checked, collected and released again for a run on demand
        String disabledRun = shell("terrarium:run ticker/j07");
        assertTrue(disabledRun, disabledRun.lines().findFirst().orElse("").matches("ticker/j07: 1 chart, 1 dimension, .*"));
        assertEquals(JobStatus.State.DISABLED, statusOf(j07).state());
        assertEquals("enabled ticker/j07", shell("terrarium:enable ticker/j07"));
        Await.until("it runs again", 10_000, () -> running(j07));
        String log = shell("terrarium:log ticker/j07");
        assertTrue(log, log.lines().anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  disabled by an operator")));
        assertTrue(log, log.contains("enabled by an operator"));

        assertEquals("conf.d: 50 jobs, no change", shell("terrarium:reload"));
        String unknown = shell("terrarium:run ticker/j51");
        assertTrue(unknown, unknown.startsWith("no job ticker/j51; did you mean ticker/j"));
        assertEquals(unknown, 1, unknown.lines().count());

        List<JobId> others = TICKERS.stream().filter(job -> !job.equals(j07)).toList();
        List<String> problems = new ArrayList<>();
        others.forEach(job -> problems.addAll(ledger.gaps(job, from, Instant.now(), MAX_GAP)));
        assertTrue("missed ticks: " + problems, problems.isEmpty());
    }

    @Test
    public void editingOneJobsConfigRestartsOnlyThatJobAndABrokenEditChangesNothing() throws Exception {
        Instant from = Instant.now();
        // the copy made in configuration(), as the framework knows it (this class is loaded again in the container)
        Path conf = Path.of(context.getProperty("terrarium.conf.dirs")).resolve("python.d/ticker.conf");
        String original = Files.readString(conf);
        JobId j50 = TICKERS.get(49);
        long j01Runs = statusOf(TICKERS.get(0)).runs();
        try {
            replace(conf, original.replace("j50:\n  step: 50\n", "j50:\n  step: 5000\n"));
            Await.until("j50 restarts with its new step", 10_000, () -> {
                List<CollectionResult> runs = ledger.runs(j50);
                return runs.size() >= 2 && level(runs.get(runs.size() - 1)) - level(runs.get(runs.size() - 2)) == 5000;
            });
            assertTrue("j50 started over", statusOf(j50).runs() < 10);
            assertTrue("j01 kept going", statusOf(TICKERS.get(0)).runs() > j01Runs);

            long j50Runs = statusOf(j50).runs();
            replace(conf, original.replace("j50:\n  step: 50\n", "j50:\n  step: [5000\n"));
            Thread.sleep(3000); // a broken edit must change nothing: waiting is the point here
            assertTrue("j50 kept running as it was", statusOf(j50).runs() >= j50Runs + 2);
            List<CollectionResult> runs = ledger.runs(j50);
            assertEquals("with the step it had", 5000,
                    level(runs.get(runs.size() - 1)) - level(runs.get(runs.size() - 2)), 0);
        } finally {
            replace(conf, original);
        }
        Await.until("j50 back to its step", 10_000, () -> {
            List<CollectionResult> runs = ledger.runs(j50);
            return level(runs.get(runs.size() - 1)) - level(runs.get(runs.size() - 2)) == 50;
        });
        List<String> problems = new ArrayList<>();
        TICKERS.subList(0, 49).forEach(job -> problems.addAll(ledger.gaps(job, from, Instant.now(), MAX_GAP)));
        assertTrue("missed ticks: " + problems, problems.isEmpty());
    }

    /** Writes the file as an editor that saves by rename does. */
    private static void replace(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static double level(CollectionResult result) {
        return result.charts().get(0).values().get(0).value().doubleValue();
    }

    /** Runs one command line in a Gogo session, as a telnet or console user would, and returns what it printed. */
    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.felix.service.command.CommandProcessor processor = context.getService(
                context.getServiceReference(org.apache.felix.service.command.CommandProcessor.class));
        // not System.err: Gogo replaces it with a stream that writes to the current session's, which would loop
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try (org.apache.felix.service.command.CommandSession session = processor.createSession(
                java.io.InputStream.nullInputStream(), out, err)) {
            Object result = session.execute(command);
            if (result != null) {
                out.write(session.format(result, org.apache.felix.service.command.Converter.INSPECT).toString()
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        // err gets what the command logged (slf4j writes to System.err, which is the session's here)
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    // ---- helpers ----

    private void assertEveryTickerKeptEveryTick(Instant from, Instant to) {
        List<String> problems = new ArrayList<>();
        TICKERS.forEach(job -> problems.addAll(ledger.gaps(job, from, to, MAX_GAP)));
        assertTrue("missed ticks: " + problems, problems.isEmpty());
    }

    private boolean running(JobId job) {
        return jobControl.jobs().stream().anyMatch(s -> s.id().equals(job) && s.state() == JobStatus.State.RUNNING);
    }

    private JobStatus statusOf(JobId job) {
        return jobControl.jobs().stream().filter(s -> s.id().equals(job)).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + job));
    }

    private String states() {
        return jobControl.jobs().stream().filter(s -> !s.id().module().equals("ticker"))
                .map(s -> s.id() + "=" + s.state() + " " + s.message()).toList().toString();
    }

    /** The value of the last run's dimension, or -1. */
    private double lastLevel(JobId job) {
        List<CollectionResult> runs = ledger.runs(job);
        if (runs.isEmpty()) {
            return -1;
        }
        CollectionResult last = runs.get(runs.size() - 1);
        return last.charts().get(0).values().get(0).value().doubleValue();
    }

    private boolean sinkNamed(String name) {
        try {
            return context.getServiceReferences(Sink.class, null).stream()
                    .anyMatch(reference -> name.equals(Sink.nameOf(properties(reference))));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static java.util.Map<String, Object> properties(org.osgi.framework.ServiceReference<?> reference) {
        java.util.Map<String, Object> properties = new java.util.HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }

    private Bundle bundleNamed(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Lines of the file that name the job (as the file sink writes {@code "job":"module/job"}). */
    private static long linesFor(Path file, String job) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("\"job\":\"" + job + "\"")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
