package io.terrarium.sink.netdata.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.terrarium.api.Sink;
import io.terrarium.api.SinkStatus;
import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.CollectionResult;

/**
 * The Netdata external-plugin protocol on the pipe the launcher registers as an {@link OutputStream} service
 * with {@code terrarium.stream=netdata} (the process's original stdout in plugin mode). What the scheduler hands
 * over at once (a tick of every job, or more after a stall) is rendered whole, result after result, and written with
 * one write and one flush, so blocks of different jobs never interleave. A chart is (re)defined whenever its
 * definition differs from the one this sink last wrote, so a sink that appears at runtime, or one whose queue
 * dropped results while the pipe was not read, defines every chart before its next value.
 *
 * <p>Threading: deliveries come from the scheduler's delivery thread for this sink, one at a time (see
 * {@link Sink}); a pipe nobody reads blocks only that thread. {@link #status()} reads counters without the lock, so
 * the shell can show a stalled sink while its write waits.
 *
 * <p>Unlike the other sinks it is a singleton, not a factory configuration: there is one pipe to Netdata, and it
 * exists only in plugin and debug modes (without the launcher's stream service the component stays unsatisfied).
 */
@Component(service = Sink.class, property = { Sink.NAME + "=netdata", Sink.TYPE + "=netdata" },
        configurationPid = "io.terrarium.sink.netdata")
@Designate(ocd = NetdataSinkConfig.class)
public final class NetdataSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(NetdataSink.class);

    private final OutputStream pipe;
    private final ProtocolRenderer renderer;
    private final boolean runtimeCharts;

    // All access guarded by "this" (held by the delivery thread; uncontended).
    private final Map<String, Chart> defined = new HashMap<>();
    /** The instances in {@code defined}: a job's unchanged chart is the same instance every tick, found here without
     * building its full id or comparing it field by field. */
    private final Map<Chart, Boolean> current = new IdentityHashMap<>();
    private final Set<String> runtimeDefined = new HashSet<>();
    private final PointCharts pointCharts = new PointCharts();
    /**
     * A delivery's text and its bytes, kept from one delivery to the next: a tick of thousands of jobs is a
     * megabyte or more, and building it anew (then copying it to a String and that to bytes) was a sixth of what
     * the JVM allocated per tick. Each keeps the size of the biggest recent delivery, and is given back when a
     * delivery needs less than a quarter of it.
     */
    private StringBuilder text = new StringBuilder(4096);
    private ByteBuffer bytes = ByteBuffer.allocate(4096);
    // '?' for a lone surrogate, as String.getBytes gives
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    // Written under "this", read by status() without it.
    private volatile boolean broken;
    private volatile long received;
    private volatile long written;
    private volatile long lost;

    @Activate
    public NetdataSink(@Reference(target = "(terrarium.stream=netdata)") OutputStream pipe, BundleContext context,
            NetdataSinkConfig config) {
        this.pipe = pipe;
        this.renderer = new ProtocolRenderer(config.pluginName());
        this.runtimeCharts = config.runtimeCharts()
                && !"false".equalsIgnoreCase(context.getProperty("terrarium.netdata.internals"));
    }

    @Override
    public void deliver(CollectionResult result) {
        deliver(List.of(result));
    }

    /** Renders every result in order, then writes them with one write and one flush. */
    @Override
    public void deliver(List<CollectionResult> results) {
        synchronized (this) {
            received += results.size();
            if (broken) {
                lost += results.size();
                return;
            }
            StringBuilder out = text;
            out.setLength(0);
            for (CollectionResult result : results) {
                render(result, out);
            }
            boolean ok = write(out);
            if (out.capacity() > 4 * Math.max(out.length(), 1 << 16)) {
                text = new StringBuilder(Math.max(out.length(), 4096));
                bytes = ByteBuffer.allocate(Math.max(out.length(), 4096));
            }
            out.setLength(0);
            if (ok) {
                written += results.size();
            } else {
                lost += results.size();
            }
        }
    }

    /** Never waits for a write in progress. */
    @Override
    public SinkStatus status() {
        return new SinkStatus(broken ? "closed" : "ok", "stdout (Netdata's pipe)", received, written, -1, lost, 0, 0);
    }

    /** The protocol lines this result alone would produce on a fresh pipe: every chart defined, then its values. */
    @Override
    public String preview(CollectionResult result) {
        StringBuilder out = new StringBuilder(512);
        List<ChartUpdate> updates = new ArrayList<>(result.charts());
        updates.addAll(new PointCharts().updates(result));
        for (Chart chart : result.retired()) {
            renderer.definition(out, chart);
        }
        for (ChartUpdate update : updates) {
            renderer.definition(out, update.chart());
            renderer.update(out, update);
        }
        return out.toString();
    }

    // Called with the lock held.
    private void render(CollectionResult result, StringBuilder out) {
        String fullName = result.fullName() == null ? result.job().module() : result.fullName();
        // a successful python.d run always has charts; a DataKit script's has none and gets no runtime chart
        boolean runtime = runtimeCharts && result.run() != null && !result.charts().isEmpty();
        if (runtime && runtimeDefined.add(fullName)) {
            renderer.runtimeDefinition(out, fullName, result.job().module(), result.job().job(),
                    result.run().updateEvery());
        }
        for (Chart chart : result.retired()) {
            // only charts the daemon knows need retiring
            if (!current.containsKey(chart) && defined.containsKey(chart.fullId())) {
                define(out, chart);
            }
        }
        List<ChartUpdate> updates = result.charts();
        if (!result.batches().isEmpty()) {
            updates = new ArrayList<>(updates);
            updates.addAll(pointCharts.updates(result));
        }
        for (ChartUpdate update : updates) {
            Chart chart = update.chart();
            if (!current.containsKey(chart)) {
                define(out, chart);
            }
            renderer.update(out, update);
        }
        if (runtime) {
            renderer.runtimeUpdate(out, fullName, result.run().sinceLastMicros(), result.run().elapsedMillis());
        }
    }

    /** Writes the chart's definition unless the daemon has an equal one; it is then the current instance. */
    // Called with the lock held.
    private void define(StringBuilder out, Chart chart) {
        Chart previous = defined.put(chart.fullId(), chart);
        if (previous != null) {
            current.remove(previous);
        }
        current.put(chart, Boolean.TRUE);
        if (!chart.equals(previous)) {
            renderer.definition(out, chart);
        }
    }

    // Called with the lock held.
    private boolean write(StringBuilder out) {
        if (out.length() == 0) {
            return true;
        }
        try {
            CharBuffer in = CharBuffer.wrap(out);
            utf8.reset();
            bytes.clear();
            // one write: the pipe's keep-alive may come between two writes
            while (utf8.encode(in, bytes, true).isOverflow()) {
                growBytes();
            }
            while (utf8.flush(bytes).isOverflow()) {
                growBytes();
            }
            pipe.write(bytes.array(), 0, bytes.position());
            pipe.flush();
            return true;
        } catch (IOException e) {
            broken = true;
            LOG.error("sink netdata: the pipe to Netdata failed ({}); writing nothing more", e.getMessage());
            return false;
        }
    }

    // Called with the lock held.
    private void growBytes() {
        bytes = ByteBuffer.allocate(bytes.capacity() * 2).put(bytes.flip());
    }

    @Override
    public void nothingToRun() {
        synchronized (this) {
            if (broken) {
                return;
            }
            write(new StringBuilder("DISABLE\n"));
            broken = true;
        }
        try {
            // the launcher ends the process when its pipe is closed
            pipe.close();
        } catch (IOException e) {
            LOG.debug("netdata sink: closing the pipe: {}", e.getMessage());
        }
    }
}
