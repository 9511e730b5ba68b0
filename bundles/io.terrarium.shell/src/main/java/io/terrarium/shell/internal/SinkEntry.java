package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.cm.Configuration;

import io.terrarium.api.Sink;

/**
 * One sink as the shell knows it: a running {@link Sink} service, a sink factory configuration, or both (the service
 * made from the configuration: its {@code service.pid} is the configuration's PID).
 *
 * @param name          the name jobs use for it ({@link Sink#nameOf})
 * @param type          the {@link Sink#TYPE} of the service, else the configuration's factory PID without
 *                      {@code io.terrarium.sink.}; {@code null} when neither says
 * @param sink          the running service, or {@code null} when its configuration has none (e.g. its component
 *                      failed to activate)
 * @param configuration the factory configuration it is made from, or {@code null} (e.g. the Netdata sink, a
 *                      singleton)
 */
record SinkEntry(String name, String type, Sink sink, Configuration configuration) {

    /** The factory PIDs of sinks start with this; what follows is the sink's type. */
    static final String FACTORY_PREFIX = "io.terrarium.sink.";

    /**
     * Every sink, by name: each service with the configuration it came from, then each configuration no service
     * came from.
     */
    static List<SinkEntry> inventory(List<BoundServices.Bound<Sink>> services, List<Configuration> configurations) {
        Map<String, Configuration> byPid = new HashMap<>();
        for (Configuration configuration : configurations) {
            byPid.put(configuration.getPid(), configuration);
        }
        List<SinkEntry> entries = new ArrayList<>();
        Set<String> running = new HashSet<>();
        for (BoundServices.Bound<Sink> bound : services) {
            Object pid = bound.properties().get("service.pid");
            Configuration configuration = pid == null ? null : byPid.get(pid.toString());
            if (configuration != null) {
                running.add(configuration.getPid());
            }
            Object type = bound.properties().get(Sink.TYPE);
            entries.add(new SinkEntry(Sink.nameOf(bound.properties()), type == null ? null : type.toString(),
                    bound.service(), configuration));
        }
        for (Configuration configuration : configurations) {
            if (!running.contains(configuration.getPid())) {
                entries.add(new SinkEntry(nameOf(configuration), typeOf(configuration), null, configuration));
            }
        }
        entries.sort(Comparator.comparing(SinkEntry::name)
                .thenComparing(entry -> entry.type() == null ? "" : entry.type()));
        return entries;
    }

    /** The name a sink made from this configuration is known by. */
    static String nameOf(Configuration configuration) {
        return Sink.nameOf(properties(configuration));
    }

    /** The sink type of a factory configuration: its factory PID without {@code io.terrarium.sink.}. */
    static String typeOf(Configuration configuration) {
        String factoryPid = configuration.getFactoryPid();
        return factoryPid == null ? null : factoryPid.substring(Math.min(FACTORY_PREFIX.length(), factoryPid.length()));
    }

    /** A configuration's properties as a map, with its PID, as the service made from it would have them. */
    static Map<String, Object> properties(Configuration configuration) {
        Map<String, Object> map = new HashMap<>();
        Dictionary<String, Object> dictionary = configuration.getProperties();
        if (dictionary != null) {
            for (String key : Collections.list(dictionary.keys())) {
                map.put(key, dictionary.get(key));
            }
        }
        map.putIfAbsent("service.pid", configuration.getPid());
        return map;
    }
}
