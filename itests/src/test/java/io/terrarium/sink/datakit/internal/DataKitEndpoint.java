package io.terrarium.sink.datakit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * For {@code io.terrarium.itests.DataKitPipelineIT}: the sink module's {@link FakeDataKit} (a DataKit write API
 * on loopback handing every body to a real {@link Influxd}), started in the Pax Exam driver and driven from inside
 * the OSGi container through JDK types only.
 *
 * <p>Why this shape: the native container runs Felix in the same JVM as the driver, but the test methods run in
 * the probe bundle, whose class loader cannot see the test-jar's classes (and they are package-private). So the
 * driver starts influxd and the endpoint here, on the application class path (this class sits in the same package
 * as the test-jar's classes to reach them), and publishes this object as a {@code Function<String, Object>} under
 * the system property key {@link #KEY}: {@code java.util.function.Function}, {@code List} and {@code Map} come from
 * the boot class loader, so both sides agree on them. Commands:
 * {@code url}, {@code points:<category>} (what influxd stored, as maps), {@code accepted:<category>} (bodies the
 * endpoint took, in order), {@code json:<category>} (the points of its JSON bodies, as Python read them),
 * {@code invalid} (bodies influxd or Python refused), {@code stop}, {@code start}.
 * influxd is stopped by its PID by a shutdown hook of the test JVM.
 */
public final class DataKitEndpoint implements Function<String, Object> {

    public static final String KEY = "terrarium.test.datakit.endpoint";
    static final String PREFIX = "e2e";

    private final Influxd influxd;
    private final FakeDataKit dataKit;

    private DataKitEndpoint(Influxd influxd, FakeDataKit dataKit) {
        this.influxd = influxd;
        this.dataKit = dataKit;
    }

    /** Starts influxd and the endpoint once per JVM and publishes them under {@link #KEY}. */
    public static synchronized void startOnce() throws Exception {
        if (System.getProperties().get(KEY) != null) {
            return;
        }
        Influxd influxd = new Influxd();
        influxd.beforeAll(null);
        FakeDataKit dataKit;
        try {
            dataKit = new FakeDataKit(influxd, PREFIX);
        } catch (Exception e) {
            influxd.afterAll(null);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dataKit.close();
            try {
                influxd.afterAll(null);
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "datakit-e2e-cleanup"));
        System.getProperties().put(KEY, new DataKitEndpoint(influxd, dataKit));
    }

    @Override
    public synchronized Object apply(String command) {
        try {
            if (command.equals("url")) {
                return dataKit.url().toString();
            } else if (command.equals("stop")) {
                dataKit.stop();
                return null;
            } else if (command.equals("start")) {
                dataKit.start();
                return null;
            } else if (command.equals("invalid")) {
                return dataKit.invalidBodies();
            } else if (command.startsWith("accepted:")) {
                String category = command.substring("accepted:".length());
                return dataKit.accepted().stream().filter(r -> r.category().equals(category))
                        .map(FakeDataKit.Request::body).toList();
            } else if (command.startsWith("json:")) {
                // the points of the JSON bodies taken, as Python's json module read them (PythonJson)
                String category = command.substring("json:".length());
                return dataKit.accepted().stream().filter(r -> r.category().equals(category) && r.json())
                        .flatMap(r -> r.lines().stream()).toList();
            } else if (command.startsWith("points:")) {
                String db = dataKit.database(command.substring("points:".length()));
                if (influxd.query(db, "SHOW MEASUREMENTS").path("results").path(0).has("error")) {
                    return List.of(); // nothing written yet: no database
                }
                List<Map<String, Object>> points = new ArrayList<>();
                for (Influxd.Stored stored : influxd.points(db)) {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("measurement", stored.measurement());
                    point.put("tags", Map.copyOf(stored.tags()));
                    point.put("fields", Map.copyOf(stored.fields()));
                    point.put("time", stored.time());
                    points.add(point);
                }
                return points;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }
}
