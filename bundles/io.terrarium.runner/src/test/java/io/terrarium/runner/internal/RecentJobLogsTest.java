package io.terrarium.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;
import io.terrarium.api.LogLine;

class RecentJobLogsTest {

    private static final JobId JOB = new JobId("m", "j");

    private static LogLine line(String message) {
        return new LogLine(Instant.now(), "INFO", message);
    }

    private static List<String> messages(List<LogLine> lines) {
        return lines.stream().map(LogLine::message).toList();
    }

    @Test
    void keepsTheNewestLinesOldestFirst() {
        RecentJobLogs logs = new RecentJobLogs(3);
        logs.open(JOB);
        IntStream.rangeClosed(1, 5).forEach(i -> logs.add(JOB, line("line " + i)));
        assertEquals(List.of("line 3", "line 4", "line 5"), messages(logs.lines(JOB)));
    }

    @Test
    void aJobThatIsNotOpenKeepsNothing() {
        RecentJobLogs logs = new RecentJobLogs(3);
        logs.add(JOB, line("late"));
        assertEquals(List.of(), logs.lines(JOB));
        assertEquals(0, logs.size());
    }

    @Test
    void droppingAJobForgetsItsLinesAndLaterOnesAreDiscarded() {
        RecentJobLogs logs = new RecentJobLogs(3);
        logs.open(JOB);
        logs.add(JOB, line("before"));
        logs.drop(JOB);
        logs.add(JOB, line("after the release"));
        assertEquals(List.of(), logs.lines(JOB));
        assertEquals(0, logs.size());
    }

    @Test
    void openingAgainKeepsWhatTheJobAlreadyHas() {
        RecentJobLogs logs = new RecentJobLogs(3);
        logs.open(JOB);
        logs.add(JOB, line("first check"));
        logs.open(JOB);
        assertEquals(List.of("first check"), messages(logs.lines(JOB)));
    }

    @Test
    void concurrentWritersNeverExceedTheBoundAndLoseNoOrderWithinAThread() throws Exception {
        RecentJobLogs logs = new RecentJobLogs(50);
        logs.open(JOB);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String writer = "w" + w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        logs.add(JOB, line(writer + " " + i));
                        assertTrue(logs.lines(JOB).size() <= 50);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        List<String> kept = messages(logs.lines(JOB));
        assertEquals(50, kept.size());
        for (int w = 0; w < 4; w++) {
            String prefix = "w" + w + " ";
            List<Integer> ofWriter = kept.stream().filter(m -> m.startsWith(prefix))
                    .map(m -> Integer.parseInt(m.substring(prefix.length()))).toList();
            assertEquals(ofWriter.stream().sorted().toList(), ofWriter, "oldest first for " + prefix);
        }
    }
}
