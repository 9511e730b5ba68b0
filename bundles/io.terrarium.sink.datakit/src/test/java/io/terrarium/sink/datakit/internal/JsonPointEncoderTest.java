package io.terrarium.sink.datakit.internal;

import static io.terrarium.sink.datakit.internal.DataKitSinkTest.fields;
import static io.terrarium.sink.datakit.internal.DataKitSinkTest.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.terrarium.api.data.Point;

/**
 * Every kind of point line protocol cannot carry (each refused by {@link LineProtocolEncoder}) is written as JSON
 * that Python's json module reads back exactly; what DataKit cannot store either way is refused by both.
 */
class JsonPointEncoderTest {

    private static final long TIME = 1_700_000_000_123_456_789L;

    static Stream<Arguments> notLineProtocol() {
        Map<String, Object> plain = fields("n", 42L, "x", 3.5, "ok", true, "s", "text");
        return Stream.of(
                Arguments.of("a tag value ending in a backslash (a Windows path)",
                        new Point("disk", tags("path", "C:\\Users\\"), plain, TIME)),
                Arguments.of("a tag value with a line break", new Point("m", tags("t", "one\ntwo\r"), plain, TIME)),
                Arguments.of("a tag key ending in a backslash", new Point("m", tags("k\\", "v"), plain, TIME)),
                Arguments.of("a tag key with a line break", new Point("m", tags("k\nk", "v"), plain, TIME)),
                Arguments.of("a measurement ending in a backslash", new Point("m\\", tags(), plain, TIME)),
                Arguments.of("a measurement starting with #", new Point("#m", tags(), plain, TIME)),
                Arguments.of("a measurement starting with a tab", new Point("\tm", tags(), plain, TIME)),
                Arguments.of("a measurement with a backslash before a comma",
                        new Point("a\\,b", tags(), plain, TIME)),
                Arguments.of("a measurement with a line break", new Point("a\nb", tags(), plain, TIME)),
                Arguments.of("a field key ending in a backslash",
                        new Point("m", tags(), fields("f\\", 1L, "g", 2L), TIME)),
                Arguments.of("a field key with an odd run of backslashes before a comma",
                        new Point("m", tags(), fields("a\\,b", 1L), TIME)),
                Arguments.of("every field key starting with a NUL",
                        new Point("m", tags(), fields("\u0000f", 1L), TIME)),
                Arguments.of("unicode beside a backslash",
                        new Point("ünï €😀\\", tags("t", "😀\\"), fields("s", "€\n\"\\"), TIME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notLineProtocol")
    void whatLineProtocolCannotCarryJsonCarriesExactly(String what, Point point) {
        assertThrows(UnwritablePointException.class, () -> new LineProtocolEncoder().append(point, new StringBuilder()),
                "line protocol cannot carry " + what);
        byte[] element = new JsonPointEncoder().encode(point);
        List<String> read = PythonJson.points("[" + new String(element, StandardCharsets.UTF_8) + "]");
        assertEquals(List.of(PythonJson.expected(point.measurement(), point.tags(), point.fields(), point.timeNanos())),
                read);
    }

    @Test
    void integersOfEveryWidthWithin64BitsAreNumbers() {
        Point point = new Point("m\\", tags(), fields("max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "int", 7,
                "big", BigInteger.valueOf(-5)), TIME);
        assertEquals(List.of(PythonJson.expected("m\\", Map.of(), fields("max", Long.MAX_VALUE, "min", Long.MIN_VALUE,
                "int", 7L, "big", -5L), TIME)),
                PythonJson.points("[" + new String(new JsonPointEncoder().encode(point), StandardCharsets.UTF_8) + "]"));
    }

    static Stream<Arguments> neither() {
        return Stream.of(
                Arguments.of("an empty measurement", new Point("", tags(), fields("f", 1L), TIME)),
                Arguments.of("no fields", new Point("m\\", tags(), fields(), TIME)),
                Arguments.of("NaN", new Point("m\\", tags(), fields("f", Double.NaN), TIME)),
                Arguments.of("infinity", new Point("m\\", tags(), fields("f", Double.NEGATIVE_INFINITY), TIME)),
                Arguments.of("a list", new Point("m\\", tags(), fields("f", List.of(1L)), TIME)),
                Arguments.of("an integer beyond 64 bits",
                        new Point("m\\", tags(), fields("f", BigInteger.ONE.shiftLeft(64)), TIME)),
                Arguments.of("a null field", new Point("m\\", tags(), fields("f", null), TIME)),
                Arguments.of("a tag without a value", new Point("m\\", tags("t", null), fields("f", 1L), TIME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neither")
    void whatDataKitCannotStoreEitherWayIsRefused(String what, Point point) {
        assertThrows(UnwritablePointException.class, () -> new JsonPointEncoder().encode(point), what);
    }
}
