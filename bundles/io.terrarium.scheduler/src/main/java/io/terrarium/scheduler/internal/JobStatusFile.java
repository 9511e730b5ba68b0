package io.terrarium.scheduler.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.terrarium.api.JobId;

/**
 * python.d's {@code pythond-jobs-statuses.json} in the lib folder: {@code {module: {job: "active" |
 * "recovering"}}}. Read once at start so that jobs which were running before a restart get re-checked for a
 * while even without autodetection_retry (their service may simply not be up yet); rewritten whenever the set
 * changes. Not thread-safe: the scheduler calls it under its own lock.
 */
final class JobStatusFile {

    static final String NAME = "pythond-jobs-statuses.json";
    /** python.d's recovery for a previously active job: this many checks in all, this many seconds apart. */
    static final int RECOVERY_CHECKS = 11;
    static final int RECOVERY_INTERVAL = 30;

    private static final Logger LOG = LoggerFactory.getLogger(JobStatusFile.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Set<JobId> previouslyActive = new HashSet<>();
    private String lastWritten = "";

    /** @param dir the lib folder, or {@code null} to neither read nor write */
    JobStatusFile(Path dir) {
        this.file = dir == null ? null : dir.resolve(NAME);
        if (file != null && Files.isRegularFile(file)) {
            read();
        }
    }

    private void read() {
        try {
            JsonNode root = json.readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> modules = root.fields(); modules.hasNext();) {
                Map.Entry<String, JsonNode> module = modules.next();
                module.getValue().fieldNames().forEachRemaining(job -> previouslyActive.add(new JobId(module.getKey(), job)));
            }
            LOG.debug("{}: {} job(s) were active before", file, previouslyActive.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable, ignored: {}", file, e.getMessage());
        }
    }

    boolean wasActive(JobId job) {
        return previouslyActive.contains(job);
    }

    /** Writes the statuses if they differ from what was last written. */
    void save(Map<JobId, String> statuses) {
        if (file == null) {
            return;
        }
        Map<String, Map<String, String>> tree = new TreeMap<>();
        statuses.forEach((job, status) -> tree.computeIfAbsent(job.module(), m -> new TreeMap<>()).put(job.job(), status));
        try {
            String text = json.writeValueAsString(tree);
            if (text.equals(lastWritten)) {
                return;
            }
            Path temporary = file.resolveSibling(NAME + ".tmp");
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = text;
        } catch (IOException e) {
            LOG.warn("{}: cannot write job statuses: {}", file, e.getMessage());
        }
    }
}
