package io.terrarium.sink.netdata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;
import io.terrarium.api.JobStatus;
import io.terrarium.api.WorkerStatus;

class NetdataFunctionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void wordsAreSplitAsTheDaemonWritesThem() {
        assertEquals(List.of("FUNCTION", "6f1c", "10", "terrarium-jobs info"),
                NetdataFunctions.words("FUNCTION 6f1c 10 \"terrarium-jobs info\""));
        assertEquals(List.of("a", "b c", "", "d"), NetdataFunctions.words("  a 'b c' \"\" d  "));
    }

    @Test
    void theAnnouncementsAreTwoGlobalFunctionsWithATimeoutAndAHelp() {
        for (String line : NetdataFunctions.announcements().split("\n")) {
            List<String> words = NetdataFunctions.words(line);
            assertEquals(5, words.size(), line);
            assertEquals(List.of("FUNCTION", "GLOBAL"), words.subList(0, 2));
            assertTrue(words.get(2).startsWith("terrarium-"), line);
            assertEquals("10", words.get(3));
            assertTrue(!words.get(4).isBlank() && !words.get(4).contains("\"") && !words.get(4).contains("'"), line);
        }
    }

    @Test
    void theJobsTableHasAColumnPerFieldAndARowPerJob() throws Exception {
        JobStatus running = new JobStatus(new JobId("m", "a"), JobKind.PYTHON_D, "a", "conf.d",
                JobStatus.State.RUNNING, 1, Instant.ofEpochSecond(1_700_000_000), Duration.ofMillis(3), 42, 0, 1, 0,
                "", List.of());
        JsonNode table = JSON.readTree(NetdataFunctions.jobsTable(List.of(running)));
        assertEquals(200, table.path("status").asInt());
        assertEquals("table", table.path("type").asText());
        JsonNode row = table.path("data").path(0);
        JsonNode columns = table.path("columns");
        assertEquals(columns.size(), row.size());
        assertEquals("m/a", row.path(columns.path("Job").path("index").asInt()).asText());
        assertTrue(columns.path("Job").path("unique_key").asBoolean());
        assertEquals("RUNNING", row.path(columns.path("State").path("index").asInt()).asText());
        assertEquals(42, row.path(columns.path("Runs").path("index").asInt()).asInt());
        assertEquals(3, row.path(columns.path("Took ms").path("index").asInt()).asInt());
        assertEquals("2023-11-14T22:13:20Z", row.path(columns.path("Last run").path("index").asInt()).asText());
    }

    @Test
    void theWorkersTableShowsMemoryInMegabytes() throws Exception {
        WorkerStatus worker = new WorkerStatus("m", 1234, List.of("m"), 3, Instant.EPOCH, 1, "ready", 15L << 20);
        JsonNode table = JSON.readTree(NetdataFunctions.workersTable(List.of(worker)));
        JsonNode row = table.path("data").path(0);
        assertEquals(15.0, row.path(table.path("columns").path("RSS MB").path("index").asInt()).asDouble());
        assertEquals(1234, row.path(table.path("columns").path("PID").path("index").asInt()).asLong());
    }

    @Test
    void aResultIsOneBlockTheParserReadsAndErrorsSayWhat() throws Exception {
        String block = NetdataFunctions.result("6f1c", 404, NetdataFunctions.error(404, "no such"));
        String[] lines = block.split("\n");
        assertEquals(3, lines.length, block);
        String[] begin = lines[0].split(" ");
        assertEquals(List.of("FUNCTION_RESULT_BEGIN", "6f1c", "404", "application/json"), List.of(begin).subList(0, 4));
        assertTrue(Long.parseLong(begin[4]) >= System.currentTimeMillis() / 1000, lines[0]);
        assertEquals("no such", JSON.readTree(lines[1]).path("error_message").asText());
        assertEquals("FUNCTION_RESULT_END", lines[2]);
        assertTrue(block.endsWith("\n"));
    }
}
