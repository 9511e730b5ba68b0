package io.terrarium.config.internal;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.terrarium.api.JobSource;

/** A BundleContext that answers framework properties and records the one service registration. */
final class FakeBundleContext {

    final CountDownLatch registered = new CountDownLatch(1);
    final CountDownLatch unregistered = new CountDownLatch(1);
    final AtomicReference<Object> service = new AtomicReference<>();
    final AtomicReference<List<String>> jobsAtRegistration = new AtomicReference<>();
    final AtomicReference<Dictionary<?, ?>> properties = new AtomicReference<>();
    final BundleContext context;

    FakeBundleContext(Map<String, String> frameworkProperties) {
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

    /** The framework properties naming the layout's folders. */
    static FakeBundleContext of(PythonDLayout layout) {
        return new FakeBundleContext(Map.of(
                "terrarium.conf.dirs", layout.userConf + ":" + layout.stockConf,
                "terrarium.python.dirs", layout.userModules + ":" + layout.stockModules));
    }

    /** The registered source, once registered. */
    JobSource awaitSource() throws InterruptedException {
        if (!registered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("JobSource never registered");
        }
        return (JobSource) service.get();
    }
}
