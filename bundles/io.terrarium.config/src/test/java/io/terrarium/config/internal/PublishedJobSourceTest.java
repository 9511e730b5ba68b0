package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.terrarium.api.JobDefinition;
import io.terrarium.api.JobId;
import io.terrarium.api.JobKind;
import io.terrarium.api.JobSource;

class PublishedJobSourceTest {

    private static JobDefinition job(String module, int updateEvery) {
        return new JobDefinition(new JobId(module, module), JobKind.PYTHON_D, module, Path.of(module + ".chart.py"),
                null, module, Map.of("update_every", updateEvery), Map.of(), "test", List.of(), 1, Map.of());
    }

    private final PublishedJobSource source = new PublishedJobSource("conf.d", () -> { });

    @Test
    void isNamedConfD() {
        assertEquals("conf.d", source.name());
    }

    @Test
    void listenersHearOfChangedJobs() {
        AtomicInteger calls = new AtomicInteger();
        source.addListener(changed -> {
            assertEquals(List.of(job("a", 1)), changed.jobs());
            calls.incrementAndGet();
        });

        assertTrue(source.update(List.of(job("a", 1))));

        assertEquals(1, calls.get());
    }

    @Test
    void listenersDoNotHearOfAnEqualSnapshot() {
        source.update(List.of(job("a", 1)));
        AtomicInteger calls = new AtomicInteger();
        source.addListener(changed -> calls.incrementAndGet());

        assertFalse(source.update(List.of(job("a", 1))));
        assertTrue(source.update(List.of(job("a", 2))));

        assertEquals(1, calls.get());
    }

    @Test
    void removedListenerHearsNothing() {
        AtomicInteger calls = new AtomicInteger();
        JobSource.Listener listener = changed -> calls.incrementAndGet();
        source.addListener(listener);
        source.removeListener(listener);

        source.update(List.of(job("a", 1)));

        assertEquals(0, calls.get());
    }

    @Test
    void failingListenerDoesNotStopTheOthers() {
        AtomicInteger calls = new AtomicInteger();
        source.addListener(changed -> {
            throw new IllegalStateException("boom");
        });
        source.addListener(changed -> calls.incrementAndGet());

        source.update(List.of(job("a", 1)));

        assertEquals(1, calls.get());
    }

    @Test
    void refreshRunsItsOwnersScan() {
        AtomicInteger scans = new AtomicInteger();

        new PublishedJobSource("conf.d", scans::incrementAndGet).refresh();

        assertEquals(1, scans.get());
    }
}
