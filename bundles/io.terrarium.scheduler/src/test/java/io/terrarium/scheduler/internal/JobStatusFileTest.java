package io.terrarium.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobId;

class JobStatusFileTest {

    @TempDir
    Path dir;

    @Test
    void writesPythonDsLayoutAndReadsItBackAfterARestart() throws Exception {
        Map<JobId, String> statuses = new LinkedHashMap<>();
        statuses.put(new JobId("example", "four_lines"), "active");
        statuses.put(new JobId("example", "other"), "recovering");
        statuses.put(new JobId("apache", "local"), "active");
        new JobStatusFile(dir).save(statuses);

        String text = Files.readString(dir.resolve(JobStatusFile.NAME));
        assertTrue(text.matches("(?s)\\{\\s*\"apache\"\\s*:\\s*\\{\\s*\"local\"\\s*:\\s*\"active\".*"), text);

        JobStatusFile afterRestart = new JobStatusFile(dir);
        assertTrue(afterRestart.wasActive(new JobId("example", "four_lines")));
        assertTrue(afterRestart.wasActive(new JobId("example", "other")));
        assertFalse(afterRestart.wasActive(new JobId("example", "nope")));
    }

    @Test
    void unchangedStatusesAreNotRewritten() throws Exception {
        JobStatusFile file = new JobStatusFile(dir);
        Map<JobId, String> statuses = Map.of(new JobId("m", "j"), "active");
        file.save(statuses);
        Path written = dir.resolve(JobStatusFile.NAME);
        Files.setLastModifiedTime(written, FileTime.fromMillis(0));
        file.save(statuses);
        assertEquals(0, Files.getLastModifiedTime(written).toMillis());
    }

    @Test
    void unreadableFileIsIgnored() throws Exception {
        Files.writeString(dir.resolve(JobStatusFile.NAME), "{ not json");
        assertFalse(new JobStatusFile(dir).wasActive(new JobId("m", "j")));
    }

    @Test
    void withoutALibFolderNothingIsWritten() {
        JobStatusFile file = new JobStatusFile(null);
        file.save(Map.of(new JobId("m", "j"), "active"));
        assertFalse(file.wasActive(new JobId("m", "j")));
    }
}
