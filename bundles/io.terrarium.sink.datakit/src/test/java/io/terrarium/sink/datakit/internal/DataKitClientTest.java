package io.terrarium.sink.datakit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.terrarium.api.data.PointCategory;

class DataKitClientTest {

    @Test
    void theWriteUrlCarriesCategoryInputPrecisionAndTheGlobalTagSwitch() {
        URI base = URI.create("http://127.0.0.1:9529");
        assertEquals("http://127.0.0.1:9529/v1/write/custom_object?input=my+input%2C%C3%BC&precision=n"
                + "&ignore_global_host_tags=true",
                DataKitClient.writeUri(base, new BatchKey(PointCategory.CUSTOM_OBJECT, "my input,ü", true)).toString());
        assertEquals("http://127.0.0.1:9529/v1/write/metric?precision=n",
                DataKitClient.writeUri(base, new BatchKey(PointCategory.METRIC, "", false)).toString());
    }

    @Test
    void addressesAreReducedToSchemeHostAndPort() {
        assertEquals(URI.create("http://10.0.0.5:9529"), DataKitClient.baseUrl(" http://10.0.0.5:9529/ "));
        assertEquals(URI.create("https://dk.example"), DataKitClient.baseUrl("HTTPS://dk.example"));
        assertThrows(IllegalArgumentException.class, () -> DataKitClient.baseUrl("10.0.0.5:9529"));
        assertThrows(IllegalArgumentException.class, () -> DataKitClient.baseUrl("ftp://host"));
    }

    @Test
    void dataKitsJsonErrorIsReadAsCodeAndMessage() {
        assertEquals("datakit.invalidLinePoint: bad line 3", DataKitClient.errorOf(
                "{\"error_code\":\"datakit.invalidLinePoint\",\"message\":\"bad line 3\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("<html> oops </html>", DataKitClient.errorOf("<html>\n oops\n</html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", DataKitClient.errorOf(new byte[0]));
    }
}
