package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.terrarium.api.JobSource;

class ConfDDiscoveryTest {

    @TempDir
    Path root;

    @Test
    void jobSourceIsRegisteredAfterTheFirstScanWithTheFullJobList() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha").module("beta")
                .stockConf("beta", "one:\n  x: 1\ntwo:\n  x: 2\n");
        FakeBundleContext fake = FakeBundleContext.of(layout);
        ConfDDiscovery discovery = new ConfDDiscovery();

        discovery.activate(fake.context);
        try {
            assertTrue(fake.registered.await(10, TimeUnit.SECONDS), "JobSource never registered");
            assertEquals(List.of("alpha/alpha", "beta/one", "beta/two"), fake.jobsAtRegistration.get());
            assertEquals("conf.d", ((JobSource) fake.service.get()).name());
            assertEquals("conf.d", fake.properties.get().get(ConfDDiscovery.SOURCE_NAME_PROPERTY));
        } finally {
            discovery.deactivate();
        }
    }

    @Test
    void deactivateUnregistersTheJobSourceAndStopsTheScanAndWatchThreads() throws Exception {
        FakeBundleContext fake = FakeBundleContext.of(new PythonDLayout(root).module("alpha"));
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        assertTrue(fake.registered.await(10, TimeUnit.SECONDS), "JobSource never registered");
        assertTrue(Await.threadAlive(FolderWatcher.THREAD_NAME), "the watch thread runs");

        discovery.deactivate();

        assertEquals(0, fake.unregistered.getCount());
        assertFalse(Await.threadAlive(FolderWatcher.THREAD_NAME), "the watch thread was joined");
        // the pool's thread may still be on its way out for a moment after the pool has terminated
        Await.until("the scan thread ended", () -> !Await.threadAlive(ConfDDiscovery.SCAN_THREAD));
    }

    @Test
    void rescanThatChangesJobsNotifiesListeners() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha");
        FakeBundleContext fake = FakeBundleContext.of(layout);
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        try {
            JobSource source = fake.awaitSource();
            CountDownLatch changed = new CountDownLatch(1);
            source.addListener(s -> changed.countDown());
            layout.module("beta");

            discovery.requestScan();

            assertTrue(changed.await(10, TimeUnit.SECONDS), "listener not called");
            assertNotNull(source.jobs());
            assertEquals(2, source.jobs().size());
        } finally {
            discovery.deactivate();
        }
    }

    @Test
    void refreshReturnsOnceTheChangeIsPublished() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha").userConf("alpha", "one:\n  x: 1\n");
        FakeBundleContext fake = FakeBundleContext.of(layout);
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        try {
            JobSource source = fake.awaitSource();
            layout.userConf("alpha", "one:\n  x: 2\n");

            source.refresh();

            assertEquals(2, source.jobs().get(0).config().get("x"));
        } finally {
            discovery.deactivate();
        }
    }

    @Test
    @Timeout(30)
    void refreshFromAListenerScansInPlaceInsteadOfWaitingForItself() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha");
        FakeBundleContext fake = FakeBundleContext.of(layout);
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        try {
            JobSource source = fake.awaitSource();
            CountDownLatch refreshed = new CountDownLatch(1);
            source.addListener(s -> {
                if (refreshed.getCount() > 0) {
                    s.refresh();
                    refreshed.countDown();
                }
            });
            layout.module("beta");

            discovery.requestScan();

            assertTrue(refreshed.await(10, TimeUnit.SECONDS), "a refresh from the scan thread never returned");
        } finally {
            discovery.deactivate();
        }
    }

    @Test
    @Timeout(30)
    void refreshAfterDeactivateReturnsAtOnce() throws Exception {
        FakeBundleContext fake = FakeBundleContext.of(new PythonDLayout(root).module("alpha"));
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        JobSource source = fake.awaitSource();
        discovery.deactivate();

        source.refresh();

        assertEquals(List.of("alpha/alpha"), source.jobs().stream().map(j -> j.id().toString()).toList());
    }
}
