package io.terrarium.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to run one collector job, as discovered from configuration.
 *
 * @param id           the job's identity
 * @param kind         the framework the module is written against
 * @param name         the job's name as the framework sees it: for python.d the {@code name} key or the
 *                     job key, whitespace turned into {@code _}; jobs of one module sharing a name are
 *                     alternatives (the first whose check passes runs)
 * @param modulePath   the module's source file
 * @param interpreter  the Python interpreter to run it with, or {@code null} for the configured default
 * @param workerGroup  jobs with the same group share a worker process (default: one group per module)
 * @param config       the job's explicit configuration (the job's section plus the keys it inherits); keys
 *                     not in it fall back to the module's globals, then to {@code defaults}
 * @param defaults     the values used when neither the configuration nor the module sets a key
 * @param origin       where the definition came from (a file), for messages
 * @param sinks        names of the sinks this job feeds; empty means all
 * @param minUpdateEvery the smallest update_every allowed (python.d's numeric argument); 1 when unset
 * @param environment  variables set for the job's worker on top of the container's environment (a pythond
 *                     table's {@code envs}); jobs of one worker group share them
 * @param revision     a fingerprint of the module's source (and of anything else the job is built from that is not
 *                     in the other fields): when it changes, the job is restarted and the worker imports the
 *                     module again; empty when unknown
 */
public record JobDefinition(
        JobId id,
        JobKind kind,
        String name,
        Path modulePath,
        String interpreter,
        String workerGroup,
        Map<String, Object> config,
        Map<String, Object> defaults,
        String origin,
        List<String> sinks,
        int minUpdateEvery,
        Map<String, String> environment,
        String revision) {

    /** A definition without a revision. */
    public JobDefinition(JobId id, JobKind kind, String name, Path modulePath, String interpreter, String workerGroup,
            Map<String, Object> config, Map<String, Object> defaults, String origin, List<String> sinks,
            int minUpdateEvery, Map<String, String> environment) {
        this(id, kind, name, modulePath, interpreter, workerGroup, config, defaults, origin, sinks, minUpdateEvery,
                environment, "");
    }

    /** This definition with another revision. */
    public JobDefinition withRevision(String newRevision) {
        return new JobDefinition(id, kind, name, modulePath, interpreter, workerGroup, config, defaults, origin, sinks,
                minUpdateEvery, environment, newRevision);
    }

    public JobDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(workerGroup, "workerGroup");
        config = Map.copyOf(config);
        defaults = Map.copyOf(defaults);
        sinks = List.copyOf(sinks);
        environment = Map.copyOf(environment);
        revision = revision == null ? "" : revision;
    }
}
