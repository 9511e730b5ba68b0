package io.terrarium.shell.internal;

import java.util.Collection;
import java.util.List;

import io.terrarium.api.JobId;

/**
 * What a {@code <job>} argument names: {@code module/job} exactly, or a bare {@code module} that has exactly one job.
 * Anything else resolves to a one-line problem for the operator, with the close matches.
 *
 * @param job     the job, or {@code null} when the argument names none
 * @param problem why it names none, or {@code null}
 */
record JobArgument(JobId job, String problem) {

    static JobArgument resolve(String text, Collection<JobId> known) {
        String typed = text == null ? "" : text.strip();
        for (JobId id : known) {
            if (id.toString().equals(typed)) {
                return new JobArgument(id, null);
            }
        }
        if (!typed.contains("/")) {
            List<JobId> ofModule = known.stream().filter(id -> id.module().equals(typed)).sorted().toList();
            if (ofModule.size() == 1) {
                return new JobArgument(ofModule.get(0), null);
            }
            if (ofModule.size() > 1) {
                return new JobArgument(null, "module " + typed + " has " + ofModule.size() + " jobs; name one: "
                        + String.join(", ", ofModule.stream().map(JobId::toString).toList()));
            }
        }
        return new JobArgument(null, "no job " + typed + CloseMatches.suggestion(closeTo(typed, known)));
    }

    /** A known module with an unknown job suggests that module's jobs; anything else, what is spelled alike. */
    private static List<String> closeTo(String typed, Collection<JobId> known) {
        int slash = typed.indexOf('/');
        if (slash >= 0) {
            String module = typed.substring(0, slash);
            List<JobId> ofModule = known.stream().filter(id -> id.module().equals(module)).sorted().toList();
            if (!ofModule.isEmpty()) {
                List<String> close = CloseMatches.among(typed.substring(slash + 1), ofModule,
                        id -> List.of(id.job()), JobId::toString);
                return close.isEmpty()
                        ? ofModule.stream().limit(CloseMatches.LIMIT).map(JobId::toString).toList()
                        : close;
            }
            return CloseMatches.among(typed, known, id -> List.of(id.toString()), JobId::toString);
        }
        return CloseMatches.among(typed, known, id -> List.of(id.toString(), id.module(), id.job()),
                JobId::toString);
    }
}
