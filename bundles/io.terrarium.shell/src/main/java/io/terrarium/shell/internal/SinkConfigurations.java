package io.terrarium.shell.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.terrarium.api.Sink;

/**
 * Sink factory configurations ({@code io.terrarium.sink.<type>~<name>}) through ConfigurationAdmin: what
 * {@code sink-create}, {@code sink-change} and {@code sink-delete} do. Every method returns the one line (or lines)
 * the operator reads, problems included.
 *
 * <p>Values are stored as strings: DS converts them to the types of the sink's configuration annotation.
 *
 * <p>Stateless apart from the ConfigurationAdmin it was made with; one instance per command call.
 */
final class SinkConfigurations {

    /** Properties ConfigurationAdmin and DS manage, and the sink's identity, which its name and factory fix. */
    private static final List<String> RESERVED = List.of(Sink.NAME, Sink.TYPE, "name");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]+");

    private final ConfigurationAdmin admin;

    SinkConfigurations(ConfigurationAdmin admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /** Every factory configuration of a sink type. */
    List<Configuration> list() throws IOException {
        Configuration[] found;
        try {
            found = admin.listConfigurations("(service.factoryPid=" + SinkEntry.FACTORY_PREFIX + "*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the sink configuration filter is broken", e);
        }
        if (found == null) {
            return List.of();
        }
        return Arrays.stream(found)
                .filter(c -> c.getFactoryPid() != null && c.getFactoryPid().startsWith(SinkEntry.FACTORY_PREFIX))
                .toList();
    }

    String create(String type, String name, List<String> settings, List<SinkEntry> inventory) throws IOException {
        String command = "sink-create";
        if (type == null || !TYPE.matcher(type).matches()) {
            return command + ": the type must be a word of letters, digits, '.', '_' or '-', such as file: " + type;
        }
        if (name == null || name.isBlank() || !name.equals(name.strip()) || name.matches(".*[\\s~].*")) {
            return command + ": a sink's name must be one word without '~': " + name;
        }
        for (SinkEntry entry : inventory) {
            if (entry.name().equals(name)) {
                return command + ": there is already a sink named " + name
                        + (entry.sink() == null ? " (a configuration, not active)" : "");
            }
        }
        ConfigurationEdits.Parsed parsed = parse(command, settings);
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        Configuration configuration = admin.getFactoryConfiguration(SinkEntry.FACTORY_PREFIX + type, name, "?");
        if (configuration.getProperties() != null) {
            return command + ": configuration " + configuration.getPid() + " already exists";
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        parsed.values().forEach((key, value) -> {
            if (!value.isEmpty()) {
                properties.put(key, value);
            }
        });
        // Config properties override a component's own, so the service is known by this name even when its
        // component declares a default terrarium.sink.name.
        properties.put(Sink.NAME, name);
        configuration.update(properties);
        String described = ConfigurationEdits.describe(parsed.values(), true);
        return "created sink " + name + " (" + type + ") as configuration " + configuration.getPid()
                + (described.isEmpty() ? "" : ": " + described);
    }

    String change(String name, List<String> settings, List<SinkEntry> inventory) throws IOException {
        String command = "sink-change";
        if (settings.isEmpty()) {
            return command + ": give at least one key=value (key= removes the key)";
        }
        ConfigurationEdits.Parsed parsed = parse(command, settings);
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        Found found = find(command, name, inventory);
        if (found.problem() != null) {
            return found.problem();
        }
        Configuration configuration = found.configuration();
        Hashtable<String, Object> next = ConfigurationEdits.own(configuration.getProperties());
        Map<String, String> applied = ConfigurationEdits.apply(parsed.values(), next);
        if (applied.isEmpty()) {
            return "sink " + name + ": nothing to change";
        }
        configuration.update(next);
        return "changed sink " + name + ": " + ConfigurationEdits.describe(applied, false);
    }

    String delete(String name, List<SinkEntry> inventory) throws IOException {
        Found found = find("sink-delete", name, inventory);
        if (found.problem() != null) {
            return found.problem();
        }
        String pid = found.configuration().getPid();
        found.configuration().delete();
        return "deleted sink " + name + " (configuration " + pid + ")";
    }

    private record Found(Configuration configuration, String problem) {
    }

    /** The one factory configuration the sink of this name is made from. */
    private static Found find(String command, String name, List<SinkEntry> inventory) {
        List<SinkEntry> named = inventory.stream().filter(entry -> answersTo(entry, name)).toList();
        List<SinkEntry> configured = named.stream().filter(entry -> entry.configuration() != null).toList();
        if (configured.size() == 1) {
            return new Found(configured.get(0).configuration(), null);
        }
        if (configured.size() > 1) {
            return new Found(null, command + ": several configurations make a sink named " + name + ": "
                    + String.join(", ", configured.stream().map(entry -> entry.configuration().getPid()).toList()));
        }
        if (!named.isEmpty()) {
            return new Found(null, command + ": sink " + name + " is not made from a sink factory configuration ("
                    + SinkEntry.FACTORY_PREFIX + "<type>~<name>), so it cannot be changed or deleted here");
        }
        List<String> close = CloseMatches.among(name, inventory, entry -> List.of(entry.name()), SinkEntry::name);
        return new Found(null, "no sink " + name + CloseMatches.suggestion(close));
    }

    /**
     * A sink answers to its name; one made from a configuration also to the part of the PID after {@code ~} and to
     * the configuration's {@code name}, which its {@code terrarium.sink.name} may hide.
     */
    private static boolean answersTo(SinkEntry entry, String name) {
        if (entry.name().equals(name)) {
            return true;
        }
        if (entry.configuration() == null) {
            return false;
        }
        String pid = entry.configuration().getPid();
        int tilde = pid.lastIndexOf('~');
        if (tilde >= 0 && pid.substring(tilde + 1).equals(name)) {
            return true;
        }
        Object configured = SinkEntry.properties(entry.configuration()).get("name");
        return configured != null && configured.toString().strip().equals(name);
    }

    private static ConfigurationEdits.Parsed parse(String command, List<String> settings) {
        return ConfigurationEdits.parse(command, settings, RESERVED, "a sink's name and type are fixed when it is"
                + " created (delete it and create it again), and service.* and component.* belong to the framework");
    }
}
