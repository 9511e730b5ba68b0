package io.terrarium.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.terrarium.api.JobSource;

class ConfDDiscoveryTest {

    @TempDir
    Path root;

    /** A BundleContext that answers framework properties and records the one service registration. */
    private final class FakeContext {
        final CountDownLatch registered = new CountDownLatch(1);
        final CountDownLatch unregistered = new CountDownLatch(1);
        final AtomicReference<Object> service = new AtomicReference<>();
        final AtomicReference<List<String>> jobsAtRegistration = new AtomicReference<>();
        final AtomicReference<Dictionary<?, ?>> properties = new AtomicReference<>();
        final BundleContext context;

        FakeContext(Map<String, String> frameworkProperties) {
            ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            unregistered.countDown();
                        }
                        return null;
                    });
            context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getProperty":
                                return frameworkProperties.get((String) args[0]);
                            case "registerService":
                                JobSource source = (JobSource) args[1];
                                jobsAtRegistration.set(source.jobs().stream().map(j -> j.id().toString()).toList());
                                service.set(source);
                                properties.set((Dictionary<?, ?>) args[2]);
                                registered.countDown();
                                return registration;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    private FakeContext contextFor(PythonDLayout layout) {
        return new FakeContext(Map.of(
                "terrarium.conf.dirs", layout.userConf + ":" + layout.stockConf,
                "terrarium.python.dirs", layout.userModules + ":" + layout.stockModules));
    }

    @Test
    void jobSourceIsRegisteredAfterTheFirstScanWithTheFullJobList() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha").module("beta")
                .stockConf("beta", "one:\n  x: 1\ntwo:\n  x: 2\n");
        FakeContext fake = contextFor(layout);
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
    void deactivateUnregistersTheJobSourceAndStopsTheScanThread() throws Exception {
        FakeContext fake = contextFor(new PythonDLayout(root).module("alpha"));
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        assertTrue(fake.registered.await(10, TimeUnit.SECONDS), "JobSource never registered");

        discovery.deactivate();

        assertEquals(0, fake.unregistered.getCount());
        // the pool's thread may still be on its way out for a moment after the pool has terminated
        long deadline = System.currentTimeMillis() + 5_000;
        while (scanThreadAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(scanThreadAlive(), "the scan thread ended");
    }

    private static boolean scanThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("terrarium-conf.d-scan") && t.isAlive());
    }

    @Test
    void rescanThatChangesJobsNotifiesListeners() throws Exception {
        PythonDLayout layout = new PythonDLayout(root).module("alpha");
        FakeContext fake = contextFor(layout);
        ConfDDiscovery discovery = new ConfDDiscovery();
        discovery.activate(fake.context);
        try {
            assertTrue(fake.registered.await(10, TimeUnit.SECONDS), "JobSource never registered");
            JobSource source = (JobSource) fake.service.get();
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
}
