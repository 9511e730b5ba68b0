package io.terrarium.shell.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.terrarium.api.DeliveryQueueStatus;
import io.terrarium.api.DeliveryQueues;
import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;
import io.terrarium.api.JobStatus;
import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;

/**
 * The commands over in-memory services, at a fixed time in UTC, as DS would wire them; plus builders of the values
 * the tests feed them.
 */
final class Shell {

    static final Instant NOW = Instant.parse("2024-05-01T11:33:45Z");
    private static final AtomicLong SERVICE_IDS = new AtomicLong(100);

    final TestJobControl jobControl = new TestJobControl();
    final TestWorkerPool workerPool = new TestWorkerPool();
    final MapConfigurationAdmin configurationAdmin = new MapConfigurationAdmin();
    /** What the scheduler's delivery stage reports; bound only where a test adds to it ({@link #queue}). */
    final List<DeliveryQueueStatus> queues = new CopyOnWriteArrayList<>();
    final DeliveryQueues deliveryQueues = () -> List.copyOf(queues);
    final TerrariumCommands commands;

    /** With ConfigurationAdmin bound. */
    Shell() {
        this(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));
        commands.setConfigurationAdmin(configurationAdmin);
    }

    /** Binds the delivery stage, reporting this queue for the sink. */
    void queue(TestSink sink, int queued, int bound, long dropped, Instant busySince) {
        queues.add(new DeliveryQueueStatus(sink.serviceId, "any", bound, queued, dropped, busySince));
        commands.setDeliveryQueues(deliveryQueues);
    }

    Shell(Clock clock, Duration runTimeout) {
        commands = new TerrariumCommands(jobControl, workerPool, clock, ZoneOffset.UTC, runTimeout);
    }

    /** Binds a sink as DS would, with the properties its service has. */
    TestSink sink(SinkStatus status, Map<String, Object> properties) {
        TestSink sink = new TestSink(status);
        Map<String, Object> withId = new HashMap<>(properties);
        sink.serviceId = SERVICE_IDS.incrementAndGet();
        withId.put("service.id", sink.serviceId);
        commands.addSink(sink, withId);
        return sink;
    }

    /** A sink service named {@code name} of {@code type}. */
    TestSink sink(String name, String type, SinkStatus status) {
        return sink(status, Map.of(Sink.NAME, name, Sink.TYPE, type));
    }

    TestJobSource source(String name, JobDefinition... jobs) {
        TestJobSource source = new TestJobSource(name, jobs);
        commands.addSource(source, Map.of("service.id", SERVICE_IDS.incrementAndGet()));
        return source;
    }

    static JobId id(String text) {
        return JobId.parse(text);
    }

    /** A job that ran fine, feeding every sink. */
    static JobStatus running(String id) {
        return status(id, JobStatus.State.RUNNING);
    }

    static JobStatus status(String id, JobStatus.State state) {
        return new JobStatus(id(id), JobKind.PYTHON_D, id(id).job(), "conf.d", state, 1, NOW.minusSeconds(1),
                Duration.ofMillis(2), 12, 0, 0, 0, "", List.of());
    }

    static JobDefinition definition(String id, JobKind kind, String group, String file) {
        return new JobDefinition(id(id), kind, id(id).job(), Path.of(file), null, group, Map.of(), Map.of(),
                "conf.d/" + id(id).module() + ".conf", List.of(), 1, Map.of());
    }
}
