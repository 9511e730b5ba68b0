package io.terrarium.shell.internal;

import static io.terrarium.shell.internal.Shell.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobId;

class JobArgumentTest {

    private static final List<JobId> KNOWN = List.of(id("hostinfo/local"), id("uptime/Uptime"),
            id("nginx/local"), id("nginx/remote"), id("example/example"));

    @Test
    void moduleSlashJobNamesThatJob() {
        assertEquals(new JobArgument(id("nginx/remote"), null), JobArgument.resolve("nginx/remote", KNOWN));
    }

    @Test
    void aBareModuleWithOneJobNamesIt() {
        assertEquals(new JobArgument(id("hostinfo/local"), null), JobArgument.resolve("hostinfo", KNOWN));
    }

    @Test
    void aBareModuleWithSeveralJobsAsksWhichOne() {
        JobArgument argument = JobArgument.resolve("nginx", KNOWN);
        assertNull(argument.job());
        assertEquals("module nginx has 2 jobs; name one: nginx/local, nginx/remote", argument.problem());
    }

    @Test
    void aTypoSuggestsTheCloseJob() {
        assertEquals("no job hostnfo/local; did you mean hostinfo/local?",
                JobArgument.resolve("hostnfo/local", KNOWN).problem());
    }

    @Test
    void aBareModuleTypoSuggestsTheModulesJob() {
        assertEquals("no job uptme; did you mean uptime/Uptime?", JobArgument.resolve("uptme", KNOWN).problem());
    }

    @Test
    void aPrefixSuggestsEveryJobItStarts() {
        assertEquals("no job ngi; did you mean nginx/local, nginx/remote?",
                JobArgument.resolve("ngi", KNOWN).problem());
    }

    @Test
    void aBareJobNameSuggestsTheJobsOfThatName() {
        assertEquals("no job local; did you mean hostinfo/local, nginx/local?",
                JobArgument.resolve("local", KNOWN).problem());
    }

    @Test
    void aKnownModuleWithAnUnknownJobSuggestsTheModulesJobs() {
        assertEquals("no job nginx/local2; did you mean nginx/local?",
                JobArgument.resolve("nginx/local2", KNOWN).problem());
        assertEquals("no job nginx/main; did you mean nginx/local, nginx/remote?",
                JobArgument.resolve("nginx/main", KNOWN).problem());
    }

    @Test
    void somethingFarFromEveryJobSuggestsNothing() {
        assertEquals("no job postgres/main", JobArgument.resolve("postgres/main", KNOWN).problem());
    }
}
