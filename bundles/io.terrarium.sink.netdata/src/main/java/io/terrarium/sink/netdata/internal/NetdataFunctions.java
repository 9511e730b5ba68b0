package io.terrarium.sink.netdata.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.terrarium.api.JobControl;
import io.terrarium.api.JobStatus;
import io.terrarium.api.WorkerPool;
import io.terrarium.api.WorkerStatus;

/**
 * Netdata Functions (the 1.37 plugins.d protocol): in plugin mode this announces {@value #JOBS} and
 * {@value #WORKERS} on Netdata's pipe ({@code FUNCTION GLOBAL "<name>" <timeout> "<help>"}), and answers the calls the
 * launcher reads from stdin ({@code FUNCTION <transaction> <timeout> "<name> <parameters>"}, handed over as the line
 * through this {@code Consumer<String>} service) with {@code FUNCTION_RESULT_BEGIN <transaction> <status>
 * application/json <expires>}, the JSON, and {@code FUNCTION_RESULT_END}, all in one write, so it never splits a chart's
 * block. The tables are what {@code terrarium:jobs} and {@code terrarium:workers} show, in the table form Netdata's
 * UI draws ({@code type: table}, {@code data} rows, {@code columns} by name).
 *
 * <p>Threading: calls are answered on one thread of its own, started with the first call and ended after a minute
 * idle, behind a queue of {@value #QUEUE} calls; a call beyond that gets a 503 at once. Nothing here touches
 * collection: the tables are the scheduler's and the runner's snapshots. An unknown function gets a 404 and bad
 * parameters a 400, each as JSON with {@code error_message}.
 */
@Component(service = Consumer.class, property = "terrarium.stream=netdata-functions", immediate = true)
public final class NetdataFunctions implements Consumer<String> {

    static final String JOBS = "terrarium-jobs";
    static final String WORKERS = "terrarium-workers";
    /** Seconds Netdata waits for an answer (its own default is 10). */
    static final int TIMEOUT_SECONDS = 10;
    static final int QUEUE = 8;

    private static final Logger LOG = LoggerFactory.getLogger(NetdataFunctions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream pipe;
    private final boolean announced;
    private final ThreadPoolExecutor answers = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "terrarium-netdata-functions");
                thread.setDaemon(true);
                return thread;
            });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile JobControl jobControl;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile WorkerPool workerPool;

    @Activate
    public NetdataFunctions(@Reference(target = "(terrarium.stream=netdata)") OutputStream pipe,
            BundleContext context) {
        this.pipe = pipe;
        // plugin mode only: a debug run's output stays what python.d.plugin's debug run prints
        this.announced = "plugin".equals(context.getProperty("terrarium.mode"));
        if (announced) {
            write(announcements());
        }
    }

    @Deactivate
    void deactivate() {
        answers.shutdownNow();
    }

    static String announcements() {
        return "FUNCTION GLOBAL \"" + JOBS + "\" " + TIMEOUT_SECONDS + " \"Terrarium jobs: module, job, state, "
                + "interval, runs, failures, rejected records, last run and message\"\n"
                + "FUNCTION GLOBAL \"" + WORKERS + "\" " + TIMEOUT_SECONDS + " \"Terrarium Python worker processes: "
                + "group, pid, modules, jobs, state, restarts and memory\"\n";
    }

    /** A {@code FUNCTION} line from Netdata; any other line is ignored. */
    @Override
    public void accept(String line) {
        List<String> words = words(line);
        if (words.size() < 2 || !words.get(0).equals("FUNCTION")) {
            return;
        }
        String transaction = words.get(1);
        String function = words.size() > 3 ? words.get(3) : "";
        try {
            answers.execute(() -> write(answer(transaction, function)));
        } catch (RejectedExecutionException busy) {
            write(result(transaction, 503, error(503, "too many function calls at once; try again")));
        }
    }

    /** The whole result block for the call. */
    String answer(String transaction, String function) {
        String[] nameAndParameters = function.strip().split("\\s+", 2);
        String name = nameAndParameters[0];
        String parameters = nameAndParameters.length > 1 ? nameAndParameters[1].strip() : "";
        try {
            if (!name.equals(JOBS) && !name.equals(WORKERS)) {
                return result(transaction, 404, error(404, "no function '" + name + "' here; this plugin has "
                        + JOBS + " and " + WORKERS));
            }
            if (!parameters.isEmpty() && !parameters.equals("info")) {
                return result(transaction, 400, error(400, name + " takes no parameters, not '" + parameters + "'"));
            }
            if (name.equals(JOBS)) {
                JobControl control = jobControl;
                return control == null ? result(transaction, 503, error(503, "the scheduler is not running"))
                        : result(transaction, 200, jobsTable(control.jobs()));
            }
            WorkerPool pool = workerPool;
            return pool == null ? result(transaction, 503, error(503, "the runner is not running"))
                    : result(transaction, 200, workersTable(pool.workers()));
        } catch (RuntimeException e) {
            LOG.warn("netdata function {}: {}", name, e.toString());
            return result(transaction, 500, error(500, name + " failed: " + e.getMessage()));
        }
    }

    static String result(String transaction, int status, String json) {
        long expires = System.currentTimeMillis() / 1000 + 1; // the tables change with every tick
        return "FUNCTION_RESULT_BEGIN " + transaction + " " + status + " application/json " + expires + "\n" + json
                + "\nFUNCTION_RESULT_END\n";
    }

    static String error(int status, String message) {
        return JSON.createObjectNode().put("status", status).put("error_message", message).toString();
    }

    static String jobsTable(List<JobStatus> jobs) {
        Table table = new Table("Terrarium's jobs, as terrarium:jobs shows them");
        table.column("Job", "string", true).column("Module", "string", false).column("Name", "string", false)
                .column("Kind", "string", false).column("State", "string", false).column("Every", "integer", false)
                .column("Runs", "integer", false).column("Failures", "integer", false)
                .column("Rejected", "integer", false).column("Penalty", "integer", false)
                .column("Last run", "string", false).column("Took ms", "integer", false)
                .column("Source", "string", false).column("Message", "string", false);
        for (JobStatus job : jobs) {
            table.row(job.id().toString(), job.id().module(), job.name(),
                    job.kind() == io.terrarium.api.JobKind.PYTHON_D ? "python.d" : "pythond", job.state().name(),
                    job.updateEvery(), job.runs(), job.failures(), job.rejected(), job.penalty(),
                    job.lastRun() == null ? "" : job.lastRun().toString(),
                    job.lastDuration() == null ? -1 : job.lastDuration().toMillis(), job.source(), job.message());
        }
        return table.toJson();
    }

    static String workersTable(List<WorkerStatus> workers) {
        Table table = new Table("Terrarium's Python worker processes, as terrarium:workers shows them");
        table.column("Group", "string", true).column("PID", "integer", false).column("Modules", "string", false)
                .column("Jobs", "integer", false).column("State", "string", false)
                .column("Restarts", "integer", false).column("Started", "string", false)
                .column("RSS MB", "number", false);
        for (WorkerStatus worker : workers) {
            table.row(worker.group(), worker.pid(), String.join(",", worker.modules()), worker.jobs(), worker.state(),
                    worker.restarts(), worker.started() == null ? "" : worker.started().toString(),
                    worker.rssBytes() < 0 ? -1 : Math.round(worker.rssBytes() / 104857.6) / 10.0);
        }
        return table.toJson();
    }

    /** Netdata's table: {@code data} rows in column order, {@code columns} by name with their index. */
    private static final class Table {
        private final ObjectNode root = JSON.createObjectNode();
        private final ArrayNode data;
        private final ObjectNode columns;
        private int count;

        Table(String help) {
            root.put("status", 200).put("type", "table").put("has_history", false).put("help", help)
                    .put("update_every", 1);
            data = root.putArray("data");
            columns = root.putObject("columns");
        }

        Table column(String name, String type, boolean uniqueKey) {
            ObjectNode column = columns.putObject(name);
            column.put("index", count++).put("unique_key", uniqueKey).put("name", name).put("visible", true)
                    .put("type", type).put("sortable", true).put("sticky", uniqueKey);
            return this;
        }

        void row(Object... cells) {
            ArrayNode row = data.addArray();
            for (Object cell : cells) {
                if (cell instanceof Double number) {
                    row.add(number);
                } else if (cell instanceof Number number) {
                    row.add(number.longValue());
                } else {
                    row.add(String.valueOf(cell));
                }
            }
        }

        String toJson() {
            return root.toString(); // one line: the parser reads the result line by line up to FUNCTION_RESULT_END
        }
    }

    /** Netdata's words: separated by spaces, a quoted word ('…' or "…") is one, quotes removed. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private void write(String text) {
        try {
            // one write: the pipe takes it whole, between two of the sink's blocks
            pipe.write(text.getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            LOG.debug("netdata functions: the pipe failed: {}", e.getMessage());
        }
    }
}
