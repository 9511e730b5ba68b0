package io.terrarium.sink.datakit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.terrarium.api.data.Point;

class LineProtocolEncoderTest {

    @RegisterExtension
    static final Influxd INFLUXD = new Influxd();

    private static final String[] HOSTILE = { "a", "b", " ", ",", "=", "\"", "\\", "\n", "\r", "\t", "é", "€", "😀",
        "#", "'", "{", "}" };

    private final LineProtocolEncoder encoder = new LineProtocolEncoder();

    private String line(Point point) {
        StringBuilder out = new StringBuilder();
        encoder.append(point, out);
        return out.toString();
    }

    private static Point point(String measurement, Map<String, String> tags, Map<String, Object> fields, long time) {
        return new Point(measurement, tags, fields, time);
    }

    @Test
    void integersGetTheISuffixFloatsBooleansAndStringsTheirOwnForms() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("count", 42L);
        fields.put("small", 7);
        fields.put("ratio", 0.5);
        fields.put("whole", 3.0);
        fields.put("up", true);
        fields.put("note", "ok");
        assertEquals("cpu,host=a count=42i,small=7i,ratio=0.5,whole=3.0,up=true,note=\"ok\" 1700000000000000001\n",
                line(point("cpu", Map.of("host", "a"), fields, 1_700_000_000_000_000_001L)));
    }

    @Test
    void separatorsInNamesAreEscapedAndStringValuesQuoted() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("a key,x", "v=1 2");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("f=k y", "say \"hi\" \\o/\nbye");
        assertEquals("m\\,1\\ x=y,a\\ key\\,x=v\\=1\\ 2 f\\=k\\ y=\"say \\\"hi\\\" \\\\o/\nbye\" 5\n",
                line(point("m,1 x=y", tags, fields, 5)));
    }

    @Test
    void aTagWithAnEmptyValueIsLeftOut() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("empty", "");
        tags.put("host", "a");
        assertEquals("m,host=a f=1i 1\n", line(point("m", tags, Map.of("f", 1L), 1)));
    }

    @Test
    void aFieldKeyStartingWithATabIsNotWrittenFirst() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("\tx", 1L);
        fields.put("y", 2L);
        assertEquals("m y=2i,\tx=1i 1\n", line(point("m", Map.of(), fields, 1)));
    }

    @Test
    void anEvenRunOfBackslashesBeforeASeparatorInAFieldKeyIsWritable() {
        assertEquals("m a\\\\\\,b=1i 1\n", line(point("m", Map.of(), Map.of("a\\\\,b", 1L), 1)));
    }

    @Test
    void whatLineProtocolCannotCarryIsRefusedAndNothingIsWritten() {
        List<Point> unwritable = List.of(
                point("m", Map.of("path", "C:\\"), Map.of("f", 1L), 1),
                point("m", Map.of("k\\", "v"), Map.of("f", 1L), 1),
                point("m", Map.of(), Map.of("f\\", 1L), 1),
                point("m\\", Map.of(), Map.of("f", 1L), 1),
                point("m", Map.of("k", "two\nlines"), Map.of("f", 1L), 1),
                point("m", Map.of(), Map.of("a\rb", 1L), 1),
                point("#m", Map.of(), Map.of("f", 1L), 1),
                point("\tm", Map.of(), Map.of("f", 1L), 1),
                point("\0m", Map.of(), Map.of("f", 1L), 1),
                point("m", Map.of(), Map.of("\tf", 1L), 1),
                point("m", Map.of(), Map.of("a\\ b", 1L), 1),
                point("m", Map.of(), Map.of("a\\\\\\=b", 1L), 1),
                point("", Map.of(), Map.of("f", 1L), 1),
                point("m", Map.of(), Map.of(), 1),
                point("m", Map.of(), Map.of("f", Double.NaN), 1),
                point("m", Map.of(), Map.of("f", Double.POSITIVE_INFINITY), 1),
                point("m", Map.of(), Map.of("f", new java.math.BigInteger("9223372036854775808")), 1));
        for (Point point : unwritable) {
            StringBuilder out = new StringBuilder("before\n");
            assertThrows(UnwritablePointException.class, () -> encoder.append(point, out), point.toString());
            assertEquals("before\n", out.toString(), "nothing appended for " + point);
        }
    }

    @Test
    void hostileNamesAndValuesRoundTripExactlyThroughInfluxd() {
        Random random = new Random(20261122);
        List<Point> points = new ArrayList<>();
        List<String> handPicked = List.of("a b", "a,b", "a=b", "a\"b", "a\\b", "a\\,b", "a\\ b", "a\\=b", "\\\\",
                "\\a", " a", "a ", "=", ",", "\"", "\"a\"", "ü€😀", "a\tb", "'quoted'", "{\"json\": [1, 2]}", "#a", "a#");
        List<Point> candidates = new ArrayList<>();
        long time = 1;
        for (String text : handPicked) {
            candidates.add(hostilePoint(text, text, "k" + text, text, time++));
            candidates.add(hostilePoint("k" + text, text, text, text, time++));
            candidates.add(point(text, Map.of(), Map.of("v", 1L), time++));
        }
        while (candidates.size() < 600) {
            String tagKey = hostile(random);
            String fieldKey = hostile(random);
            candidates.add(random.nextBoolean() && !tagKey.equals(fieldKey)
                    ? hostilePoint(tagKey, hostile(random), fieldKey, hostile(random), time++)
                    : point(hostile(random), Map.of(), Map.of("v", 1L), time++));
        }
        int refused = 0;
        for (Point candidate : candidates) {
            try {
                line(candidate);
                points.add(candidate);
            } catch (UnwritablePointException e) {
                refused++;
                assertTrue(e.getMessage().matches(".*(ends with a backslash|line break|starts with '#'"
                        + "|backslash before|tab or NUL).*"),
                        e.getMessage());
            }
        }
        assertTrue(refused > 0, "the fuzz produced unwritable points too");

        StringBuilder body = new StringBuilder();
        points.forEach(point -> encoder.append(point, body));
        INFLUXD.createDatabase("hostile");
        Influxd.WriteResult result = INFLUXD.write("hostile", body.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(204, result.status(), result.error());

        List<Influxd.Stored> expected = new ArrayList<>();
        points.forEach(point -> expected.add(Influxd.Stored.of(point)));
        expected.sort(java.util.Comparator.comparing(Influxd.Stored::measurement)
                .thenComparingLong(Influxd.Stored::time));
        Influxd.assertSamePoints(expected, INFLUXD.points("hostile"));
    }

    @Test
    void numbersAtTheEdgesReadBackAsTheSameValues() {
        List<Double> doubles = new ArrayList<>(List.of(0.1, 0.2 + 0.1, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
                -Double.MAX_VALUE, Double.MIN_NORMAL, Math.PI, -1.5e-7, 123456789.123456789, 1e21, 1e22, 5e-324,
                4.35, 100.0, 9007199254740993.0));
        Random random = new Random(7);
        while (doubles.size() < 200) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value) && value != 0) {
                doubles.add(value);
            }
        }
        long[] longs = { Long.MAX_VALUE, Long.MIN_VALUE + 1, 0, -1, 9007199254740993L };
        StringBuilder body = new StringBuilder();
        List<Influxd.Stored> expected = new ArrayList<>();
        long time = 1;
        for (double value : doubles) {
            Point point = point("floats", Map.of(), Map.of("v", value), time++);
            encoder.append(point, body);
            expected.add(Influxd.Stored.of(point));
        }
        for (long value : longs) {
            Point point = point("integers", Map.of(), Map.of("i", value), time++);
            encoder.append(point, body);
            expected.add(Influxd.Stored.of(point));
        }
        INFLUXD.createDatabase("numbers");
        Influxd.WriteResult result = INFLUXD.write("numbers", body.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(204, result.status(), result.error());
        expected.sort(java.util.Comparator.comparing(Influxd.Stored::measurement)
                .thenComparingLong(Influxd.Stored::time));
        Influxd.assertSamePoints(expected, INFLUXD.points("numbers"));
    }

    // A point whose unique measurement keeps field types from clashing between points.
    private static Point hostilePoint(String tagKey, String tagValue, String fieldKey, String text, long time) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(tagKey, tagValue);
        tags.put("plain", tagValue);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(fieldKey, text);
        fields.put(fieldKey.equals("n") ? "m" : "n", 1L);
        return point("m" + time, tags, fields, time);
    }

    private static String hostile(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(6);
        for (int i = 0; i < length; i++) {
            text.append(HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        return text.toString();
    }
}
