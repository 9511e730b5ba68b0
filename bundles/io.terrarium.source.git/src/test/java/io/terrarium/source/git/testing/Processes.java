package io.terrarium.source.git.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a process and everything it started, by PID: TERM, then KILL after 5 s. */
final class Processes {

    private Processes() {
    }

    static void end(ProcessHandle process) {
        List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
