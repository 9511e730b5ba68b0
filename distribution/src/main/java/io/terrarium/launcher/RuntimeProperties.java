package io.terrarium.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code terrarium.*} framework properties (docs/runtime-properties.md) from the command line and the
 * environment. The NETDATA_* environment counts in plugin mode only, so a shell started from a terminal where
 * those variables happen to be set behaves like any other.
 */
final class RuntimeProperties {

    static final String HOME = "terrarium.home";
    static final String MODE = "terrarium.mode";
    static final String JOBS = "terrarium.jobs";
    static final String PYTHON_CORE = "terrarium.python.core";
    static final String PYTHON_INTERPRETER = "terrarium.python.interpreter";
    static final String CONF_DIRS = "terrarium.conf.dirs";
    static final String PYTHON_DIRS = "terrarium.python.dirs";
    static final String MODULES = "terrarium.modules";
    static final String UPDATE_EVERY_MIN = "terrarium.update_every.min";
    static final String UPDATE_EVERY_DEFAULT = "terrarium.update_every.default";
    static final String LOCK_DIR = "terrarium.lock.dir";
    static final String LIB_DIR = "terrarium.lib.dir";
    static final String NOLOCK = "terrarium.nolock";
    static final String DEBUG = "terrarium.debug";
    static final String TRACE = "terrarium.trace";
    static final String NETDATA_INTERNALS = "terrarium.netdata.internals";

    static final String ENV_USER_CONFIG_DIR = "NETDATA_USER_CONFIG_DIR";
    static final String ENV_STOCK_CONFIG_DIR = "NETDATA_STOCK_CONFIG_DIR";
    static final String ENV_PLUGINS_DIR = "NETDATA_PLUGINS_DIR";
    static final String ENV_USER_PLUGINS_DIRS = "NETDATA_USER_PLUGINS_DIRS";
    static final String ENV_LIB_DIR = "NETDATA_LIB_DIR";
    static final String ENV_LOCK_DIR = "NETDATA_LOCK_DIR";
    static final String ENV_UPDATE_EVERY = "NETDATA_UPDATE_EVERY";
    static final String ENV_INTERNALS_MONITORING = "NETDATA_INTERNALS_MONITORING";

    /** python.d.plugin's defaults for the two config folders. */
    static final String DEFAULT_USER_CONFIG_DIR = "/etc/netdata";
    static final String DEFAULT_STOCK_CONFIG_DIR = "/usr/lib/netdata/conf.d";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeProperties.class);

    private final Path installation;
    private final Map<String, String> env;

    /**
     * @param installation the distribution folder (the one above bin/)
     * @param env          the process environment
     */
    RuntimeProperties(Path installation, Map<String, String> env) {
        this.installation = installation;
        this.env = Map.copyOf(env);
    }

    Map<String, String> build(LaunchOptions options) {
        boolean plugin = options.mode().speaksNetdata();
        Path home = options.home().orElse(installation);
        PluginArguments argv = options.plugin();

        Map<String, String> p = new LinkedHashMap<>();
        p.put(HOME, home.toString());
        p.put(MODE, options.mode().property());
        p.put(PYTHON_CORE, installation.resolve("python.d").resolve("core").toString());
        p.put(PYTHON_INTERPRETER, "python3");
        p.put(CONF_DIRS, join(confDirs(options, home)));
        p.put(PYTHON_DIRS, join(pythonDirs(options, home)));
        p.put(MODULES, String.join(",", argv.modules()));
        p.put(JOBS, String.join(",", options.jobs()));
        p.put(UPDATE_EVERY_MIN, Integer.toString(argv.updateEveryMin()));
        p.put(UPDATE_EVERY_DEFAULT, Integer.toString(plugin ? updateEveryDefault() : 1));
        String lockDir = plugin ? env(ENV_LOCK_DIR) : null;
        if (lockDir != null) {
            p.put(LOCK_DIR, absolute(lockDir).toString());
        }
        String libDir = plugin ? env(ENV_LIB_DIR) : null;
        p.put(LIB_DIR, (libDir != null ? absolute(libDir) : home.resolve("data")).toString());
        p.put(NOLOCK, Boolean.toString(argv.nolock()));
        p.put(DEBUG, Boolean.toString(options.debug()));
        p.put(TRACE, Boolean.toString(argv.trace()));
        p.put(NETDATA_INTERNALS, Boolean.toString(!(plugin && "NO".equals(env.get(ENV_INTERNALS_MONITORING)))));
        return p;
    }

    /** Under Netdata (or told to behave as under it): any of the three folders python.d.plugin reads is set. */
    private boolean netdataPlaces(LaunchOptions options) {
        return options.mode().speaksNetdata()
                && (env(ENV_USER_CONFIG_DIR) != null || env(ENV_STOCK_CONFIG_DIR) != null
                        || env(ENV_PLUGINS_DIR) != null);
    }

    private List<Path> confDirs(LaunchOptions options, Path home) {
        if (!options.confDirs().isEmpty()) {
            return options.confDirs();
        }
        if (netdataPlaces(options)) {
            return List.of(absolute(envOr(ENV_USER_CONFIG_DIR, DEFAULT_USER_CONFIG_DIR)),
                    absolute(envOr(ENV_STOCK_CONFIG_DIR, DEFAULT_STOCK_CONFIG_DIR)));
        }
        return List.of(home.resolve("conf.d"));
    }

    private List<Path> pythonDirs(LaunchOptions options, Path home) {
        if (!options.pythonDirs().isEmpty()) {
            return options.pythonDirs();
        }
        if (netdataPlaces(options)) {
            List<Path> dirs = new ArrayList<>();
            for (String dir : envOr(ENV_USER_PLUGINS_DIRS, "").split(" ")) {
                if (!dir.isEmpty()) {
                    dirs.add(absolute(dir).resolve("python.d"));
                }
            }
            String pluginsDir = env(ENV_PLUGINS_DIR);
            // python.d.plugin falls back to its own folder's ../python.d; ours is the home's python.d/
            dirs.add(pluginsDir != null ? absolute(pluginsDir).resolve("..").resolve("python.d").normalize()
                    : home.resolve("python.d"));
            return dirs;
        }
        return List.of(home.resolve("python.d"));
    }

    private int updateEveryDefault() {
        String value = env(ENV_UPDATE_EVERY);
        if (value == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}='{}' is not a positive whole number; using 1", ENV_UPDATE_EVERY, value);
        return 1;
    }

    /** An environment variable, or null when it is unset or empty. */
    private String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private String envOr(String name, String fallback) {
        String value = env(name);
        return value != null ? value : fallback;
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static String join(List<Path> dirs) {
        return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
