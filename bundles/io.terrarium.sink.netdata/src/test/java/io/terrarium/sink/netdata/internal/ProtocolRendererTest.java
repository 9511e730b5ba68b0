package io.terrarium.sink.netdata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.terrarium.api.data.Chart;
import io.terrarium.api.data.ChartLabel;
import io.terrarium.api.data.ChartUpdate;
import io.terrarium.api.data.Dimension;
import io.terrarium.api.data.DimensionValue;

class ProtocolRendererTest {

    private final ProtocolRenderer renderer = new ProtocolRenderer("terrarium.plugin");

    private static Chart exampleChart() {
        return new Chart("example_Four_Lines", "random", "", "A random number", "random number", "random", "random",
                "line", 60000, 1, "", "example", List.of(new ChartLabel("_collect_job", "four_lines", 0)),
                List.of(new Dimension("random1", "random1", "absolute", 1, 1, false, false),
                        new Dimension("random0", "random0", "absolute", 1, 1, true, false)));
    }

    @Test
    void definitionIsWrittenAsPythonDWritesIt() {
        StringBuilder out = new StringBuilder();
        renderer.definition(out, exampleChart());
        assertEquals("""
                CHART example_Four_Lines.random '' 'A random number' 'random number' 'random' 'random' line 60000 1 '' 'terrarium.plugin' 'example'
                CLABEL '_collect_job' 'four_lines' '0'
                CLABEL_COMMIT
                DIMENSION 'random1' 'random1' absolute 1 1 ' '
                DIMENSION 'random0' 'random0' absolute 1 1 'hidden '

                """, out.toString());
    }

    @Test
    void updateWritesOnlyKnownDimensionsAndInt64Values() {
        StringBuilder out = new StringBuilder();
        renderer.update(out, new ChartUpdate(exampleChart(), 1000123, List.of(new DimensionValue("random1", 42L),
                new DimensionValue("unknown", 1L), new DimensionValue("random0", new BigInteger("99999999999999999999"))),
                List.of()));
        assertEquals("BEGIN example_Four_Lines.random 1000123\nSET 'random1' = 42\nEND\n\n", out.toString());
    }

    @Test
    void runtimeChartIsWrittenAsPythonDWritesIt() {
        StringBuilder out = new StringBuilder();
        renderer.runtimeDefinition(out, "example_Four_Lines", "example", "four_lines", 1);
        renderer.runtimeUpdate(out, "example_Four_Lines", 1000011, 3);
        assertEquals("""
                CHART netdata.runtime_example_Four_Lines '' 'Execution time' 'ms' 'python.d' netdata.pythond_runtime line 145000 1 '' 'terrarium.plugin' 'example'
                CLABEL '_collect_job' 'four_lines' '1'
                CLABEL_COMMIT
                DIMENSION run_time 'run time' absolute 1 1

                BEGIN netdata.runtime_example_Four_Lines 1000011
                SET run_time = 3
                END

                """, out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "say \"hi\"", "both ' and \"", "two\nlines", "tab\there", "a = b", "ends with \\",
            "ünïcødé ✓ 🐍", "", "\r\n\u0000", "'", "\"", "\\'"})
    void hostileTextStaysOneWordAndKeepsTheLineShape(String text) {
        Chart chart = new Chart("t" + text, "id " + text, text, text, text, text, text, "line", 1, 1, "", text,
                List.of(new ChartLabel("_collect_job", text, 0)),
                List.of(new Dimension(text, text, "absolute", 1, 1, false, false)));
        StringBuilder out = new StringBuilder();
        renderer.definition(out, chart);
        renderer.update(out, new ChartUpdate(chart, 5, List.of(new DimensionValue(text, 7L)), List.of()));
        String[] lines = out.toString().split("\n", -1);
        // CHART, CLABEL, CLABEL_COMMIT, DIMENSION, blank, BEGIN, SET, END, blank, and the final empty string
        assertEquals(10, lines.length, out.toString());
        List<String> chartWords = DaemonWords.split(lines[0]);
        assertEquals(13, chartWords.size(), lines[0]);
        assertEquals("line", chartWords.get(7));
        assertEquals("terrarium.plugin", chartWords.get(11));
        assertEquals(4, DaemonWords.split(lines[1]).size(), lines[1]);
        List<String> dimension = DaemonWords.split(lines[3]);
        assertEquals(7, dimension.size(), lines[3]);
        assertEquals("absolute", dimension.get(3));
        List<String> set = DaemonWords.split(lines[6]);
        assertEquals(List.of("SET", dimension.get(1), "7"), set, "SET names the dimension exactly as DIMENSION did");
        assertEquals(List.of("BEGIN", chartWords.get(1), "5"), DaemonWords.split(lines[5]));
        assertFalse(chartWords.get(1).contains(" "));
        assertTrue(lines[8].isEmpty());
    }
}
