package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ConfigurationAdmin in a map, following the specification where the shell relies on it: a named factory
 * configuration's PID is {@code <factoryPid>~<name>}; a configuration has no properties until its first update and
 * is not listed until then; update adds {@code service.pid} and {@code service.factoryPid}; listing filters with a
 * real LDAP filter and answers {@code null} when nothing matches; a deleted configuration is gone.
 */
final class MapConfigurationAdmin implements ConfigurationAdmin {

    // All access must be guarded by "this".
    private final Map<String, MapConfiguration> configurations = new LinkedHashMap<>();
    private int generated;

    /** The stored properties of a configuration, or {@code null} when there is none with properties. */
    synchronized Map<String, Object> properties(String pid) {
        MapConfiguration configuration = configurations.get(pid);
        return configuration == null || configuration.properties == null ? null : Map.copyOf(configuration.properties);
    }

    synchronized Set<String> pids() {
        Set<String> pids = new TreeSet<>();
        configurations.forEach((pid, configuration) -> {
            if (configuration.properties != null) {
                pids.add(pid);
            }
        });
        return pids;
    }

    /** Stores a named factory configuration, as a file or another tool would. */
    MapConfigurationAdmin put(String factoryPid, String name, Map<String, String> properties) throws Exception {
        getFactoryConfiguration(factoryPid, name, "?").update(new Hashtable<>(properties));
        return this;
    }

    @Override
    public synchronized Configuration createFactoryConfiguration(String factoryPid) {
        return createFactoryConfiguration(factoryPid, null);
    }

    @Override
    public synchronized Configuration createFactoryConfiguration(String factoryPid, String location) {
        String pid = factoryPid + "." + (++generated);
        MapConfiguration configuration = new MapConfiguration(pid, factoryPid, location);
        configurations.put(pid, configuration);
        return configuration;
    }

    @Override
    public synchronized Configuration getConfiguration(String pid, String location) {
        return configurations.computeIfAbsent(pid, key -> new MapConfiguration(key, null, location));
    }

    @Override
    public synchronized Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public synchronized Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        return configurations.computeIfAbsent(factoryPid + "~" + name,
                pid -> new MapConfiguration(pid, factoryPid, location));
    }

    @Override
    public synchronized Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public synchronized Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter parsed = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> found = new ArrayList<>();
        for (MapConfiguration configuration : configurations.values()) {
            if (configuration.properties != null && (parsed == null || parsed.matches(configuration.properties))) {
                found.add(configuration);
            }
        }
        return found.isEmpty() ? null : found.toArray(Configuration[]::new);
    }

    private final class MapConfiguration implements Configuration {

        private final String pid;
        private final String factoryPid;
        private String location;
        // Guarded by the enclosing MapConfigurationAdmin
        private Map<String, Object> properties;
        private long changeCount;
        private boolean deleted;

        MapConfiguration(String pid, String factoryPid, String location) {
            this.pid = pid;
            this.factoryPid = factoryPid;
            this.location = location;
        }

        @Override
        public String getPid() {
            checkNotDeleted();
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            synchronized (MapConfigurationAdmin.this) {
                checkNotDeleted();
                return properties == null ? null : new Hashtable<>(properties);
            }
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> update) {
            synchronized (MapConfigurationAdmin.this) {
                checkNotDeleted();
                Map<String, Object> next = new HashMap<>();
                for (String key : Collections.list(update.keys())) {
                    next.put(key, update.get(key));
                }
                next.put(Constants.SERVICE_PID, pid);
                if (factoryPid != null) {
                    next.put(SERVICE_FACTORYPID, factoryPid);
                } else {
                    next.remove(SERVICE_FACTORYPID);
                }
                properties = next;
                changeCount++;
            }
        }

        @Override
        public void delete() {
            synchronized (MapConfigurationAdmin.this) {
                checkNotDeleted();
                deleted = true;
                configurations.remove(pid);
            }
        }

        @Override
        public String getFactoryPid() {
            checkNotDeleted();
            return factoryPid;
        }

        @Override
        public void update() {
            checkNotDeleted();
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> update) {
            update(update);
            return true;
        }

        @Override
        public void setBundleLocation(String bundleLocation) {
            this.location = bundleLocation;
        }

        @Override
        public String getBundleLocation() {
            return location;
        }

        @Override
        public long getChangeCount() {
            return changeCount;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException("attributes");
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException("attributes");
        }

        private void checkNotDeleted() {
            if (deleted) {
                throw new IllegalStateException("configuration " + pid + " was deleted");
            }
        }
    }
}
