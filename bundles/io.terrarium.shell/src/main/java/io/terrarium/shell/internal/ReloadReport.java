package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;

/**
 * What {@code terrarium:reload} says about one source: how many jobs it has now, and which ids came, went or changed.
 */
final class ReloadReport {

    private ReloadReport() {
    }

    static String of(String source, List<JobDefinition> before, List<JobDefinition> after) {
        Map<JobId, JobDefinition> old = byId(before);
        Map<JobId, JobDefinition> now = byId(after);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        now.forEach((id, definition) -> {
            JobDefinition previous = old.get(id);
            if (previous == null) {
                added.add(id.toString());
            } else if (!previous.equals(definition)) {
                changed.add(id.toString());
            }
        });
        old.keySet().stream().filter(id -> !now.containsKey(id)).forEach(id -> removed.add(id.toString()));
        String head = source + ": " + after.size() + (after.size() == 1 ? " job" : " jobs");
        if (added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
            return head + ", no change";
        }
        StringBuilder out = new StringBuilder(head);
        line(out, "added", added);
        line(out, "removed", removed);
        line(out, "changed", changed);
        return out.toString();
    }

    private static void line(StringBuilder out, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            out.append("\n  ").append(what).append(": ").append(String.join(", ", ids));
        }
    }

    private static Map<JobId, JobDefinition> byId(List<JobDefinition> definitions) {
        Map<JobId, JobDefinition> map = new TreeMap<>();
        for (JobDefinition definition : definitions) {
            map.put(definition.id(), definition);
        }
        return map;
    }
}
