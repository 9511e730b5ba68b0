package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.definition;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobKind;

class ReloadCommandTest {

    private final Shell shell = new Shell();

    private static JobDefinition job(String id) {
        return definition(id, JobKind.PYTHON_D, id.substring(0, id.indexOf('/')), "python.d/x.chart.py");
    }

    @Test
    void reloadRefreshesEverySourceAndNamesWhatWasAddedRemovedAndChanged() {
        TestJobSource confd = shell.source("conf.d", job("hostinfo/local"), job("nginx/local"), job("nginx/old"));
        confd.next = List.of(job("hostinfo/local"), job("nginx/local").withRevision("new module source"),
                job("nginx/new"), job("redis/local"));
        TestJobSource bundle = shell.source("io.terrarium.collector.sample", job("sample/sample"));
        assertEquals("""
                conf.d: 4 jobs
                  added: nginx/new, redis/local
                  removed: nginx/old
                  changed: nginx/local
                io.terrarium.collector.sample: 1 job, no change""", shell.commands.reload());
        assertEquals(1, confd.refreshes);
        assertEquals(1, bundle.refreshes);
    }

    @Test
    void aSourceThatFailsToReloadIsNamedAndTheOthersReload() {
        TestJobSource broken = shell.source("a-broken", job("x/y"));
        broken.refreshFailure = new IllegalStateException("python.d.conf: line 3: bad indentation");
        TestJobSource confd = shell.source("conf.d", job("hostinfo/local"));
        confd.next = List.of();
        assertEquals("""
                a-broken: reload failed: python.d.conf: line 3: bad indentation
                conf.d: 0 jobs
                  removed: hostinfo/local""", shell.commands.reload());
    }

    @Test
    void withoutSourcesReloadSaysSo() {
        assertEquals("no job sources", shell.commands.reload());
    }
}
