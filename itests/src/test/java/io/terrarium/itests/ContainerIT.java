package io.terrarium.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobId;
import io.terrarium.api.JobStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.data.CollectionResult;

/** The bundles in a real Felix: wiring, and a sink that comes and goes while collection goes on. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT {

    private static final String DEBUG_SESSION = "io.terrarium.scheduler.internal.DebugSession";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private JobControl jobControl;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Configuration
    public Option[] configuration() {
        return ContainerOptions.terrarium(ContainerOptions.resource("container/conf.d"),
                ContainerOptions.resource("container/python.d"));
    }

    @Before
    public void registerNetdataPipe() {
        // what the launcher registers in plugin mode; here the protocol goes to memory
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("terrarium.stream", "netdata");
        registrations.add(context.registerService(OutputStream.class, new ByteArrayOutputStream(), properties));
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    @Test
    public void everyTerrariumBundleIsActive() {
        List<String> seen = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("io.terrarium.")) {
                seen.add(bundle.getSymbolicName());
                assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
            }
        }
        assertEquals(java.util.Set.of("io.terrarium.api", "io.terrarium.config", "io.terrarium.runner",
                "io.terrarium.validation", "io.terrarium.scheduler", "io.terrarium.sink.netdata",
                "io.terrarium.sink.datakit", "io.terrarium.sink.prometheus", "io.terrarium.sink.file",
                "io.terrarium.shell", "io.terrarium.source.git"), new java.util.HashSet<>(seen));
    }

    @Test
    public void everyTerrariumComponentIsSatisfiedAndTheDebugSessionWaitsForDebugMode() throws InterruptedException {
        Await.until("every component satisfied", 10_000, () -> unsatisfied().isEmpty(), () -> unsatisfied().toString());
        List<String> components = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (description.bundle.symbolicName.startsWith("io.terrarium.")) {
                components.add(description.name);
            }
        }
        assertEquals(java.util.Set.of("io.terrarium.config.internal.ConfDDiscovery",
                "io.terrarium.runner.internal.PythonWorkerPool",
                "io.terrarium.scheduler.internal.CollectionScheduler", DEBUG_SESSION,
                "io.terrarium.validation.internal.NetdataChartValidator",
                "io.terrarium.validation.internal.NetdataValueValidator",
                "io.terrarium.validation.internal.DataKitValidator",
                "io.terrarium.sink.netdata.internal.NetdataSink",
                "io.terrarium.sink.netdata.internal.NetdataFunctions",
                "io.terrarium.sink.datakit.internal.DataKitSink",
                "io.terrarium.config.internal.CollectorExtender",
                "io.terrarium.sink.prometheus.internal.PrometheusSink",
                "io.terrarium.sink.prometheus.internal.StandaloneEndpoint",
                "io.terrarium.sink.file.internal.FileSink",
                "io.terrarium.source.git.internal.GitRepository",
                "io.terrarium.shell.internal.TerrariumCommands",
                "io.terrarium.shell.internal.SinkCreateCommand",
                "io.terrarium.shell.internal.SinkChangeCommand",
                "io.terrarium.shell.internal.SinkDeleteCommand",
                "io.terrarium.shell.internal.RepoAddCommand",
                "io.terrarium.shell.internal.RepoChangeCommand",
                "io.terrarium.shell.internal.RepoDeleteCommand"), new java.util.HashSet<>(components));
    }

    private List<String> unsatisfied() {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("io.terrarium.")) {
                continue;
            }
            var configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty() && "require".equals(description.configurationPolicy)) {
                continue; // a sink that exists once per factory configuration: none is made here
            }
            if (configurations.isEmpty()) {
                problems.add(description.name + ": no configuration");
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (description.name.equals(DEBUG_SESSION)) {
                    // debug mode only: the launcher registers its exit service in debug mode alone
                    List<String> missing = new ArrayList<>();
                    for (var reference : configuration.unsatisfiedReferences) {
                        missing.add(reference.name);
                    }
                    if (!missing.equals(List.of("exit"))) {
                        problems.add(description.name + ": unsatisfied references " + missing + ", expected [exit]");
                    }
                } else if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add(description.name + ": state " + configuration.state);
                }
            }
        }
        return problems;
    }

    @Test
    public void sinkRegisteredAtRuntimeReceivesDataUntilUnregistered() throws InterruptedException {
        JobId first = new JobId("ticker", "first");
        Await.until("ticker/first running", 15_000, () -> state(first) == JobStatus.State.RUNNING,
                () -> jobControl.jobs().toString());

        RecordingSink sink = new RecordingSink();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Sink.NAME, "recording");
        ServiceRegistration<Sink> registration = context.registerService(Sink.class, sink, properties);
        long registered = System.currentTimeMillis();
        Await.until("data at the next tick", 2_500, () -> received(sink, first) > 0);
        assertTrue("first delivery within about a tick", System.currentTimeMillis() - registered <= 2_500);
        CollectionResult result = sink.received.stream().filter(r -> r.job().equals(first)).findFirst().get();
        assertEquals("ticker_first.count", result.charts().get(0).chart().fullId());
        assertEquals("ticks", result.charts().get(0).values().get(0).id());

        registration.unregister();
        int atRemoval = sink.received.size();
        java.time.Instant lastRunAtRemoval = lastRun(first);
        Await.until("collection going on without the sink", 5_000,
                () -> lastRun(first) != null && lastRun(first).isAfter(lastRunAtRemoval.plusMillis(1500)));
        assertEquals("nothing delivered after unregistering", atRemoval, sink.received.size());
    }

    @Test
    public void aValueBeyond64BitsReachesEverySinkButTheNetdataOnes() throws InterruptedException {
        JobId huge = new JobId("ticker", "huge");
        RecordingSink netdataLike = new RecordingSink();
        RecordingSink fileLike = new RecordingSink();
        List<ServiceRegistration<Sink>> registrations = new ArrayList<>();
        for (Object[] sink : new Object[][] {{netdataLike, "netdata-like", "netdata"}, {fileLike, "file-like", "file"}}) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Sink.NAME, sink[1]);
            properties.put(Sink.TYPE, sink[2]);
            registrations.add(context.registerService(Sink.class, (Sink) sink[0], properties));
        }
        try {
            Await.until("ticker/huge delivered to both sinks", 15_000,
                    () -> received(netdataLike, huge) > 0 && received(fileLike, huge) > 0);
            CollectionResult toFile = fileLike.received.stream().filter(r -> r.job().equals(huge)).findFirst().get();
            Number value = toFile.charts().get(0).values().get(0).value();
            assertTrue("beyond 64 bits, exactly: " + value, value instanceof java.math.BigInteger
                    && ((java.math.BigInteger) value).compareTo(new java.math.BigInteger("18446744073709551616")) > 0);
            CollectionResult toNetdata = netdataLike.received.stream().filter(r -> r.job().equals(huge)).findFirst()
                    .get();
            assertEquals("the Netdata sink gets the chart without the value", List.of(),
                    toNetdata.charts().get(0).values());
            Await.until("the rejection counted", 5_000, () -> jobControl.jobs().stream()
                    .anyMatch(s -> s.id().equals(huge) && s.rejected() > 0));
        } finally {
            registrations.forEach(ServiceRegistration::unregister);
        }
    }

    private long received(RecordingSink sink, JobId job) {
        return sink.received.stream().filter(r -> r.job().equals(job)).count();
    }

    private JobStatus.State state(JobId job) {
        return jobControl.jobs().stream().filter(s -> s.id().equals(job)).map(JobStatus::state).findFirst()
                .orElse(null);
    }

    private java.time.Instant lastRun(JobId job) {
        return jobControl.jobs().stream().filter(s -> s.id().equals(job)).map(JobStatus::lastRun).findFirst()
                .orElse(null);
    }
}
