package io.terrarium.shell.internal;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.terrarium.api.JobId;

/**
 * The optional filter of {@code terrarium:jobs}: a module name, a job id ({@code module/job}), or a glob on either,
 * where {@code *} matches any run of characters (slashes too) and {@code ?} one character.
 */
final class JobFilter implements Predicate<JobId> {

    private final Pattern glob;

    JobFilter(String text) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.strip().toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        this.glob = Pattern.compile(regex.toString());
    }

    @Override
    public boolean test(JobId id) {
        return glob.matcher(id.module()).matches() || glob.matcher(id.toString()).matches();
    }
}
