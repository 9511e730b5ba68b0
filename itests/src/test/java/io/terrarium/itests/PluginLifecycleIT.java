package io.terrarium.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** terrarium.plugin's life as Netdata sees it: DISABLE, the pipe closing, SIGTERM. */
class PluginLifecycleIT {

    private static final int MANY_JOBS = 20_000;

    @TempDir
    Path temp;

    private Distribution.Layout steadyLayout() {
        return new Distribution.Layout(temp).pythonDConf("enabled: yes\n")
                .module("e2e/python.d/steady.chart.py", "steady");
    }

    @Test
    void nothingToRunPrintsDisableAndExitsZero() throws Exception {
        Distribution.Layout layout = steadyLayout();
        try (PluginProcess plugin = new PluginProcess(
                Distribution.command(Distribution.plugin(), "1", "nosuchmodule", "nolock"), layout.environment(), null)) {
            assertTrue(plugin.process().waitFor(30, TimeUnit.SECONDS), "exits on its own");
            assertEquals(0, plugin.process().exitValue());
            // the functions it announces at start, then python.d.plugin's DISABLE
            assertEquals(List.of("DISABLE"), plugin.stdoutTexts().stream()
                    .filter(l -> !l.isEmpty() && !l.startsWith("FUNCTION GLOBAL ")).toList());
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("nosuchmodule")), "the unknown name is logged");
        }
    }

    @Test
    void closingThePipeEndsEverythingWithinASecond() throws Exception {
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                steadyLayout().environment(), null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            List<Long> tree = List.copyOf(plugin.seenPids());
            assertTrue(tree.size() >= 2, "the plugin runs a worker: " + tree);
            long closed = System.nanoTime();
            plugin.process().getInputStream().close();
            assertTrue(plugin.process().waitFor(5, TimeUnit.SECONDS), "the plugin exits");
            awaitGone(tree, closed);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
            assertTrue(millis <= 1_000, "everything exited " + millis + " ms after the pipe closed");
        }
    }

    /**
     * Netdata 2.x writes QUIT on a plugin's stdin to stop it: every process gone within a second. What the plugin
     * does not understand on stdin, a function payload (holding a line that reads QUIT) and unknown words among it,
     * is ignored.
     */
    @Test
    void quitOnStdinEndsEverythingWithinASecondAndTheRestOfStdinIsIgnored() throws Exception {
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                steadyLayout().environment(), null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            java.io.OutputStream stdin = plugin.process().getOutputStream();
            stdin.write(("FUNCTION_PAYLOAD 1 10 \"x\" \"text/plain\"\nQUIT\nFUNCTION_PAYLOAD_END\n"
                    + "FUNCTION_CANCEL 1\nNO_SUCH_KEYWORD a b\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            long begins = plugin.stdoutTexts().stream().filter(l -> l.startsWith("BEGIN")).count();
            plugin.awaitStdout("collection going on after what it ignored", 10_000,
                    lines -> lines.stream().filter(l -> l.startsWith("BEGIN")).count() >= begins + 2);
            assertTrue(plugin.process().isAlive(), "still running");
            List<Long> tree = List.copyOf(plugin.seenPids());
            long asked = System.nanoTime();
            stdin.write("QUIT\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            assertTrue(plugin.process().waitFor(5, TimeUnit.SECONDS), "the plugin exits");
            awaitGone(tree, asked);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertTrue(millis <= 1_000, "everything exited " + millis + " ms after QUIT");
            assertEquals(0, plugin.process().exitValue());
            assertTrue(plugin.stderr.stream().anyMatch(l -> l.contains("Netdata asked it to quit")),
                    String.join("\n", plugin.stderr));
        }
    }

    /**
     * A function call written to stdin exactly as the 1.37 daemon writes it ({@code FUNCTION <transaction> <timeout>
     * "<name> <parameters>"}) is answered on stdout as its parser reads a result: FUNCTION_RESULT_BEGIN with the
     * transaction, a status, a content type and an expiry, the JSON on the lines that follow, FUNCTION_RESULT_END.
     */
    @Test
    void functionCallsOnStdinAreAnsweredWithTheJobsTableAndClearErrors() throws Exception {
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                steadyLayout().environment(), null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            assertEquals(List.of("FUNCTION GLOBAL \"terrarium-jobs\" 10", "FUNCTION GLOBAL \"terrarium-workers\" 10"),
                    plugin.stdoutTexts().stream().filter(l -> l.startsWith("FUNCTION GLOBAL "))
                            .map(l -> l.substring(0, l.indexOf(" 10 ") + 3)).toList());
            java.io.OutputStream stdin = plugin.process().getOutputStream();
            String jobs = "0d8c5f4e-7a6b-11ee-b962-0242ac120002";
            String unknown = "1d8c5f4e-7a6b-11ee-b962-0242ac120002";
            String workers = "2d8c5f4e-7a6b-11ee-b962-0242ac120002";
            stdin.write(("FUNCTION " + jobs + " 10 \"terrarium-jobs\"\n"
                    + "FUNCTION " + unknown + " 10 \"processes\"\n"
                    + "FUNCTION " + workers + " 10 \"terrarium-workers info\"\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            plugin.awaitStdout("three results", 10_000,
                    lines -> lines.stream().filter(l -> l.equals("FUNCTION_RESULT_END")).count() >= 3);
            List<String> out = plugin.stdoutTexts();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode table = json.readTree(result(out, jobs, 200));
            assertEquals("table", table.path("type").asText());
            int jobColumn = table.path("columns").path("Job").path("index").asInt();
            int stateColumn = table.path("columns").path("State").path("index").asInt();
            assertEquals(List.of("steady/steady RUNNING"), java.util.stream.StreamSupport.stream(
                    table.path("data").spliterator(), false).map(row -> row.path(jobColumn).asText() + " "
                            + row.path(stateColumn).asText()).toList());
            assertEquals(404, json.readTree(result(out, unknown, 404)).path("status").asInt());
            com.fasterxml.jackson.databind.JsonNode pool = json.readTree(result(out, workers, 200));
            assertEquals("steady", pool.path("data").path(0).path(0).asText(), pool.toString());
        }
    }

    /** The one line of JSON between a result's BEGIN (its 4 words as the parser needs them) and its END. */
    private static String result(List<String> out, String transaction, int status) {
        for (int i = 0; i < out.size(); i++) {
            List<String> words = List.of(out.get(i).split(" "));
            if (words.size() == 5 && words.get(0).equals("FUNCTION_RESULT_BEGIN") && words.get(1).equals(transaction)) {
                assertEquals(String.valueOf(status), words.get(2), out.get(i));
                assertEquals("application/json", words.get(3));
                assertTrue(Long.parseLong(words.get(4)) > System.currentTimeMillis() / 1000 - 60, out.get(i));
                assertEquals("FUNCTION_RESULT_END", out.get(i + 2), "one line of JSON, then the end");
                return out.get(i + 1);
            }
        }
        throw new AssertionError("no result for " + transaction + ":\n" + String.join("\n", out));
    }

    /** Netdata 2.x's NETDATA_LOG_LEVEL, as python.d.plugin honours it: warning leaves out the info lines. */
    @Test
    void netdataLogLevelWarningLeavesOutInfoLines() throws Exception {
        java.util.Map<String, String> environment = new java.util.HashMap<>(steadyLayout().environment());
        environment.put("NETDATA_LOG_LEVEL", "warning");
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                environment, null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            plugin.awaitStdout("a few more ticks", 10_000,
                    lines -> lines.stream().filter(l -> l.startsWith("BEGIN")).count() >= 3);
            assertEquals(List.of(), plugin.stderr.stream().filter(l -> l.contains(" INFO ")).toList());
        }
    }

    /**
     * Netdata 2.x's NETDATA_LOG_FORMAT: logfmt makes every stderr line Netdata's logfmt (key=value, quoted values
     * JSON-escaped) with its field names; journal makes stderr the journal export format, records ending in a blank
     * line. A worker's own stderr (the module's print) arrives the same way.
     */
    @Test
    void netdataLogFormatsShapeEveryStderrLine() throws Exception {
        java.util.regex.Pattern logfmt = java.util.regex.Pattern.compile(
                "(\\w+=(\"([^\"\\\\]|\\\\.)*\"|[^\\s\"=]+))( \\w+=(\"([^\"\\\\]|\\\\.)*\"|[^\\s\"=]+))*");
        java.util.Map<String, String> layout = steadyLayout().environment();
        for (String format : List.of("logfmt", "journal")) {
            java.util.Map<String, String> environment = new java.util.HashMap<>(layout);
            environment.put("NETDATA_LOG_METHOD", "stderr");
            environment.put("NETDATA_LOG_FORMAT", format);
            try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                    environment, null)) {
                plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
                plugin.awaitStdout("a few more ticks", 10_000,
                        lines -> lines.stream().filter(l -> l.startsWith("BEGIN")).count() >= 3);
                List<String> stderr = List.copyOf(plugin.stderr);
                assertTrue(stderr.size() > 3, format + ": some log: " + stderr);
                if (format.equals("logfmt")) {
                    for (String line : stderr) {
                        assertTrue(logfmt.matcher(line).matches(), "logfmt: " + line);
                        assertTrue(line.matches("time=\\S+ comm=terrarium\\.plugin source=collector"
                                + " level=(debug|info|notice|warning|error) thread=.* msg=.*"), line);
                    }
                    assertTrue(stderr.stream().anyMatch(l -> l.contains("level=info") && l.contains("steady")),
                            String.join("\n", stderr));
                } else {
                    // records of KEY=value lines, each ended by a blank line (the last may still be being written)
                    List<String> record = new java.util.ArrayList<>();
                    int records = 0;
                    for (String line : stderr) {
                        if (line.isEmpty()) {
                            assertTrue(record.contains("SYSLOG_IDENTIFIER=terrarium.plugin"), record.toString());
                            assertTrue(record.stream().anyMatch(l -> l.matches("PRIORITY=[0-7]")), record.toString());
                            assertTrue(record.stream().anyMatch(l -> l.startsWith("MESSAGE")), record.toString());
                            record.clear();
                            records++;
                        } else {
                            // a healthy run logs no multi-line value, so no binary field either
                            assertTrue(line.matches("[A-Z][A-Z0-9_]*=.*"), "journal field: " + line);
                            record.add(line);
                        }
                    }
                    assertTrue(records > 3, "records: " + records);
                }
            }
        }
    }

    @Test
    void sigtermStopsThePluginAndItsWorkers() throws Exception {
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                steadyLayout().environment(), null)) {
            plugin.awaitStdout("first data", 30_000, lines -> lines.stream().anyMatch(l -> l.startsWith("BEGIN")));
            List<Long> tree = List.copyOf(plugin.seenPids());
            long signalled = System.nanoTime();
            assertTrue(plugin.terminate(5_000), "exits on SIGTERM");
            awaitGone(tree, signalled);
            assertEquals(List.of(), plugin.survivors());
            // as python.d.plugin: stopping neither retires the charts nor disables the plugin in Netdata
            assertEquals(List.of(), plugin.stdoutTexts().stream()
                    .filter(l -> l.contains("obsolete") || l.equals("DISABLE")).toList());
        }
    }

    /** Issue 9: twenty thousand jobs collecting, then SIGTERM: every process is gone within 3 s. */
    @Test
    void sigtermWithTwentyThousandJobsEndsEveryProcessWithinThreeSeconds() throws Exception {
        StringBuilder jobs = new StringBuilder("workers: 2\n");
        for (int i = 0; i < MANY_JOBS; i++) {
            jobs.append("j").append(i).append(":\n  update_every: 1\n");
        }
        Distribution.Layout layout = steadyLayout().moduleConf("steady", jobs.toString());
        // stdout is counted, not kept (a hundred thousand lines a second): BEGIN lines of the last job
        String lastChart = "steady_j" + (MANY_JOBS - 1) + ".ticks";
        java.util.concurrent.atomic.AtomicLong lastJobBegins = new java.util.concurrent.atomic.AtomicLong();
        try (PluginProcess plugin = new PluginProcess(Distribution.command(Distribution.plugin(), "1", "nolock"),
                layout.environment(), null, line -> {
                    if (line.startsWith("BEGIN") && line.contains(lastChart)) {
                        lastJobBegins.incrementAndGet();
                    }
                })) {
            Await.until("the last of " + MANY_JOBS + " jobs collecting", 120_000, () -> lastJobBegins.get() >= 2,
                    () -> PluginProcess.tail(plugin.stderr));
            List<Long> tree = List.copyOf(plugin.seenPids());
            assertTrue(tree.size() >= 3, "the plugin runs its two workers: " + tree);
            long signalled = System.nanoTime();
            plugin.process().destroy();
            assertTrue(plugin.process().waitFor(3, TimeUnit.SECONDS), "the plugin exits within 3 s of SIGTERM");
            awaitGone(tree, signalled);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertTrue(millis <= 3_000, "every process exited " + millis + " ms after SIGTERM");
        }
    }

    private static void awaitGone(List<Long> pids, long sinceNanos) throws InterruptedException {
        Await.until("every process of the plugin gone", 5_000,
                () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                () -> "alive: " + pids.stream().filter(p -> ProcessHandle.of(p).isPresent()).toList());
    }
}
