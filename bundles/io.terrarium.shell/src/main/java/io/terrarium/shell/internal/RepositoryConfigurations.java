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

/**
 * Git repository factory configurations ({@value #FACTORY_PID}{@code ~<name>}) through ConfigurationAdmin: what
 * {@code repo-add}, {@code repo-change} and {@code repo-delete} do; the same as a
 * {@code deploy/io.terrarium.config.git-<name>.cfg}. Values are stored as strings. The git bundle checks them and
 * logs what is wrong; the {@code url} is required here so that a typo in its key is caught at once. Every method
 * returns the line the operator reads. Values are shown back except a {@code url}'s password.
 */
final class RepositoryConfigurations {

    static final String FACTORY_PID = "io.terrarium.config.git";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final List<String> RESERVED = List.of("name");
    private static final String WHY = "a repository's name is fixed when it is added (delete it and add it again),"
            + " and service.* and component.* belong to the framework";

    private final ConfigurationAdmin admin;

    RepositoryConfigurations(ConfigurationAdmin admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    String add(String name, List<String> settings) throws IOException {
        String command = "repo-add";
        if (name == null || !NAME.matcher(name).matches() || name.equals("conf.d")) {
            return command + ": a repository's name is letters, digits, '.', '_' and '-' (and not conf.d): " + name;
        }
        ConfigurationEdits.Parsed parsed = ConfigurationEdits.parse(command, settings, RESERVED, WHY);
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        String url = parsed.values().getOrDefault("url", "");
        if (url.isBlank()) {
            return command + ": url=... is required: the repository to pull, e.g."
                    + " url=https://git.example.com/ops/collectors.git";
        }
        if (find(name) != null) {
            return command + ": there is already a repository named " + name;
        }
        Configuration configuration = admin.getFactoryConfiguration(FACTORY_PID, name, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        parsed.values().forEach((key, value) -> {
            if (!value.isEmpty()) {
                properties.put(key, value);
            }
        });
        configuration.update(properties);
        return "added repository " + name + " as configuration " + configuration.getPid() + ": "
                + shown(ConfigurationEdits.describe(parsed.values(), true), url);
    }

    String change(String name, List<String> settings) throws IOException {
        String command = "repo-change";
        if (settings.isEmpty()) {
            return command + ": give at least one key=value (key= removes the key)";
        }
        ConfigurationEdits.Parsed parsed = ConfigurationEdits.parse(command, settings, RESERVED, WHY);
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        if (parsed.values().containsKey("url") && parsed.values().get("url").isBlank()) {
            return command + ": url cannot be removed: it is the repository to pull";
        }
        Configuration configuration = find(name);
        if (configuration == null) {
            return "no repository " + name + names();
        }
        Hashtable<String, Object> next = ConfigurationEdits.own(configuration.getProperties());
        Map<String, String> applied = ConfigurationEdits.apply(parsed.values(), next);
        if (applied.isEmpty()) {
            return "repository " + name + ": nothing to change";
        }
        configuration.update(next);
        return "changed repository " + name + ": "
                + shown(ConfigurationEdits.describe(applied, false), String.valueOf(next.get("url")));
    }

    String delete(String name) throws IOException {
        Configuration configuration = find(name);
        if (configuration == null) {
            return "no repository " + name + names();
        }
        String pid = configuration.getPid();
        configuration.delete();
        return "deleted repository " + name + " (configuration " + pid + "); its jobs stop and its checkout is"
                + " removed";
    }

    /** The configuration of the repository named so: by the part after {@code ~}, or its {@code name}. */
    private Configuration find(String name) throws IOException {
        for (Configuration configuration : list()) {
            String pid = configuration.getPid();
            Object configured = configuration.getProperties() == null ? null
                    : configuration.getProperties().get("name");
            if (pid.substring(pid.lastIndexOf('~') + 1).equals(name)
                    || (configured != null && configured.toString().strip().equals(name))) {
                return configuration;
            }
        }
        return null;
    }

    private String names() throws IOException {
        List<String> names = list().stream().map(c -> c.getPid().substring(c.getPid().lastIndexOf('~') + 1))
                .sorted().toList();
        return names.isEmpty() ? " (none is configured)" : " (configured: " + String.join(", ", names) + ")";
    }

    private List<Configuration> list() throws IOException {
        Configuration[] found;
        try {
            found = admin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the repository configuration filter is broken", e);
        }
        return found == null ? List.of() : Arrays.asList(found);
    }

    /** The described settings with a url's password left out. */
    private static String shown(String described, String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return described;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return described;
        }
        String redacted = url.substring(0, scheme + 3) + userInfo.substring(0, colon) + ":***" + url.substring(at);
        return described.replace(url, redacted);
    }
}
