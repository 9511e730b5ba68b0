package io.terrarium.sink.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.terrarium.api.data.PointCategory;

class ExporterSettingsTest {

    @Test
    void theDefaultsListenOnLoopback9464AndServeMetricPointsUnderMetrics() {
        ExporterSettings settings = ExporterSettings.of(Configs.prometheus("address", "127.0.0.1:9464"));
        assertEquals(new ExporterSettings(new ListenAddress("127.0.0.1", 9464), "/metrics",
                TimeUnit.SECONDS.toNanos(300), "terrarium_", false, Set.of(PointCategory.METRIC), 100_000), settings);
    }

    @Test
    void addressesAreHostColonPortWithIpv6InBrackets() {
        assertEquals(new ListenAddress("::1", 0), ListenAddress.parse("[::1]:0"));
        assertEquals("[::1]:0", ListenAddress.parse(" [::1]:0 ").toString());
        assertEquals(new ListenAddress("localhost", 65535), ListenAddress.parse("localhost:65535"));
        for (String bad : new String[] { "9464", ":9464", "host:", "host:x", "host:65536", "::1:9464", "" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(bad));
            assertEquals(true, e.getMessage().startsWith("address '" + bad.trim() + "' is not host:port"),
                    e.getMessage());
        }
    }

    @Test
    void eachRefusedSettingIsNamedInTheMessage() {
        assertEquals("path 'metrics' is not a URL path (/metrics)", refused("path", "metrics"));
        assertEquals("path '/a b' is not a URL path (/metrics)", refused("path", "/a b"));
        assertEquals("expireSeconds -1 is negative", refused("expireSeconds", -1L));
        assertEquals("metricPrefix 'net.data_' is not letters, digits and underscores starting with a letter or "
                + "underscore", refused("metricPrefix", "net.data_"));
        assertEquals("pointCategories: 'metrics' is not a DataKit category (metric, object, custom_object, logging, "
                + "keyevent, ...)", refused("pointCategories", new String[] { "metrics" }));
        assertEquals("maxSeries -5 is negative", refused("maxSeries", -5));
    }

    private static String refused(String key, Object value) {
        return assertThrows(IllegalArgumentException.class, () -> ExporterSettings.of(Configs.prometheus(key, value)))
                .getMessage();
    }
}
