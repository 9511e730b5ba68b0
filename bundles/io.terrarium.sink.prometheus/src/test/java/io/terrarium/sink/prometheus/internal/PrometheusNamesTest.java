package io.terrarium.sink.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

    @Test
    void everyCharacterOutsideLettersDigitsAndUnderscoreBecomesOneUnderscore() {
        assertEquals("system_cpu", PrometheusNames.metricName("system.cpu"));
        assertEquals("a_b_c_d__e", PrometheusNames.metricName("a-b c/d\"\ne"));
        assertEquals("x__y", PrometheusNames.metricName("xü𝄞y")); // one per character, surrogate pairs included
    }

    @Test
    void colonsGoTooBecausePrometheusKeepsThemForRecordingRules() {
        assertEquals("job_rate", PrometheusNames.metricName("job:rate"));
    }

    @Test
    void aLeadingDigitGetsAnUnderscoreAndNothingBecomesOne() {
        assertEquals("_1st", PrometheusNames.labelName("1st"));
        assertEquals("_", PrometheusNames.labelName(""));
        assertEquals("_", PrometheusNames.metricName(null));
    }

    @Test
    void aPrefixIsValidOnlyAsItIs() {
        assertTrue(PrometheusNames.isValidPrefix("terrarium_"));
        assertTrue(PrometheusNames.isValidPrefix(""));
        assertFalse(PrometheusNames.isValidPrefix("9x_"));
        assertFalse(PrometheusNames.isValidPrefix("net.data_"));
    }
}
