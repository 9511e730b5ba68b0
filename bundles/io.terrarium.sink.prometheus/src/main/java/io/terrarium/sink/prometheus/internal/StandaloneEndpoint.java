package io.terrarium.sink.prometheus.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Prometheus endpoint the default output of standalone mode: in the {@code shell} and {@code headless}
 * modes, when no Prometheus sink is configured, creates the factory configuration
 * {@code io.terrarium.sink.prometheus~prometheus} at {@code terrarium.prometheus.address} (default
 * {@code 127.0.0.1:9464}; {@code off} for none). It does so once per state folder: a marker in
 * {@code terrarium.lib.dir} remembers it, so an operator who deletes the sink keeps it deleted. Plugin and debug
 * modes never get one: under Netdata, stdout is the output and no port is opened unasked.
 */
@Component(service = {}, immediate = true)
public final class StandaloneEndpoint {

    static final String FACTORY_PID = "io.terrarium.sink.prometheus";
    static final String NAME = "prometheus";
    static final String ADDRESS_PROPERTY = "terrarium.prometheus.address";
    static final String DEFAULT_ADDRESS = "127.0.0.1:9464";
    static final String MARKER = "prometheus-default-created";

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneEndpoint.class);
    private static final Set<String> STANDALONE_MODES = Set.of("shell", "headless");

    @Activate
    public StandaloneEndpoint(BundleContext context, @Reference ConfigurationAdmin configurationAdmin) {
        String mode = context.getProperty("terrarium.mode");
        String address = context.getProperty(ADDRESS_PROPERTY);
        address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
        if (!STANDALONE_MODES.contains(mode == null ? "shell" : mode) || address.equalsIgnoreCase("off")) {
            return;
        }
        String lib = context.getProperty("terrarium.lib.dir");
        Path marker = lib == null || lib.isBlank() ? null : Path.of(lib, MARKER);
        try {
            if ((marker != null && Files.exists(marker)) || configurationAdmin
                    .listConfigurations("(service.factoryPid=" + FACTORY_PID + ")") != null) {
                return;
            }
            Configuration configuration = configurationAdmin.getFactoryConfiguration(FACTORY_PID, NAME, "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("address", address);
            configuration.update(properties);
            if (marker != null) {
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, "the standalone Prometheus sink was created once; delete this file to get "
                        + "it back at the next start\n");
            }
            LOG.info("sink {}: the standalone default output, at http://{}/metrics (terrarium:sink-delete {} to remove "
                    + "it)", NAME, address, NAME);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("sink {}: cannot create the standalone default Prometheus sink: {}", NAME, e.toString());
        }
    }
}
