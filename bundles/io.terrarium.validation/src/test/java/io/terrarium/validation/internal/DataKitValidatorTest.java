package io.terrarium.validation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.terrarium.api.JobId;
import io.terrarium.api.Verdict;
import io.terrarium.api.data.CollectionResult;
import io.terrarium.api.data.Point;
import io.terrarium.api.data.PointBatch;
import io.terrarium.api.data.PointCategory;

class DataKitValidatorTest {

    private static DataKitValidatorConfig config(boolean strictEvents, boolean strictPoints) {
        return new DataKitValidatorConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DataKitValidatorConfig.class;
            }

            @Override
            public boolean strictEvents() {
                return strictEvents;
            }

            @Override
            public boolean strictPoints() {
                return strictPoints;
            }
        };
    }

    private final DataKitValidator validator = new DataKitValidator(config(true, false));

    private static Map<String, Object> validEvent(String source) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("df_date_range", 10L);
        fields.put("df_source", source);
        fields.put("df_status", "info");
        fields.put("df_event_id", "event_id");
        fields.put("df_title", "title");
        fields.put("df_message", "message");
        if (source.equals("user")) {
            fields.put("df_user_id", "user_id");
        }
        if (source.equals("monitor")) {
            fields.put("df_dimension_tags", "{\"host\":\"web01\"}");
        }
        return fields;
    }

    private static CollectionResult result(PointCategory category, Point... points) {
        return new CollectionResult(new JobId("demo", "Demo"), "demo.Demo", Instant.EPOCH, List.of(), List.of(),
                List.of(new PointBatch(category, "datakitpy", false, null, List.of(points))), null);
    }

    private static Point event(Map<String, Object> fields) {
        return new Point("measurement", Map.of("tag1", "val1"), fields, 1L);
    }

    private Verdict validateEvent(Map<String, Object> fields) {
        return validator.validate(result(PointCategory.KEYEVENT, event(fields)));
    }

    private static void assertRefused(Verdict verdict, String rule) {
        assertTrue(verdict.accepted().batches().isEmpty(), "refused: " + verdict.accepted().batches());
        assertEquals(1, verdict.rejections().size(), verdict.rejections().toString());
        assertTrue(verdict.rejections().get(0).rule().contains(rule), verdict.rejections().get(0).rule());
        assertEquals("keyevent", verdict.rejections().get(0).category());
        assertTrue(verdict.rejections().get(0).toString().startsWith("demo/Demo: rejected keyevent measurement"),
                verdict.rejections().get(0).toString());
    }

    private static void assertDelivered(Verdict verdict) {
        assertEquals(List.of(), verdict.rejections());
        assertEquals(1, verdict.accepted().batches().get(0).points().size());
    }

    static Stream<Arguments> eventRules() {
        return Stream.of(
                // rule broken, how to break it, how to satisfy it
                Arguments.of("df_date_range is required", edit(f -> f.remove("df_date_range")),
                        edit(f -> f.put("df_date_range", 1L))),
                Arguments.of("df_date_range must be a whole number of seconds above 0",
                        edit(f -> f.put("df_date_range", 0L)), edit(f -> f.put("df_date_range", 3600L))),
                Arguments.of("df_date_range must be a whole number of seconds above 0",
                        edit(f -> f.put("df_date_range", "10")), edit(f -> f.put("df_date_range", 10L))),
                Arguments.of("df_date_range must be a whole number of seconds above 0",
                        edit(f -> f.put("df_date_range", 1.5)), edit(f -> f.put("df_date_range", 2L))),
                Arguments.of("df_source is required", edit(f -> f.remove("df_source")),
                        edit(f -> f.put("df_source", "system"))),
                Arguments.of("df_source must be system, monitor or user", edit(f -> f.put("df_source", "cron")),
                        edit(f -> f.put("df_source", "system"))),
                Arguments.of("df_status is required", edit(f -> f.remove("df_status")),
                        edit(f -> f.put("df_status", "ok"))),
                Arguments.of("df_status must be ok, info, warning, error, critical or nodata",
                        edit(f -> f.put("df_status", "fatal")), edit(f -> f.put("df_status", "nodata"))),
                Arguments.of("df_event_id is required", edit(f -> f.remove("df_event_id")),
                        edit(f -> f.put("df_event_id", "e1"))),
                Arguments.of("df_event_id is required", edit(f -> f.put("df_event_id", "")),
                        edit(f -> f.put("df_event_id", "e1"))),
                Arguments.of("df_title is required", edit(f -> f.remove("df_title")),
                        edit(f -> f.put("df_title", "a title"))),
                Arguments.of("df_title is required", edit(f -> f.put("df_title", "")),
                        edit(f -> f.put("df_title", "a title"))),
                Arguments.of("df_message should be a string", edit(f -> f.put("df_message", 5L)),
                        edit(f -> f.remove("df_message"))),
                Arguments.of("df_dimension_tags is required for a monitor event",
                        edit(f -> monitor(f).remove("df_dimension_tags")), edit(f -> monitor(f))),
                Arguments.of("df_dimension_tags must be a JSON object in a string",
                        edit(f -> monitor(f).put("df_dimension_tags", "host=web01")), edit(f -> monitor(f))),
                Arguments.of("df_dimension_tags must be a JSON object in a string",
                        edit(f -> monitor(f).put("df_dimension_tags", "[\"web01\"]")), edit(f -> monitor(f))),
                Arguments.of("df_user_id is required", edit(f -> user(f).remove("df_user_id")), edit(f -> user(f))),
                Arguments.of("df_user_id is required", edit(f -> user(f).put("df_user_id", "")), edit(f -> user(f))));
    }

    private static Map<String, Object> monitor(Map<String, Object> fields) {
        fields.put("df_source", "monitor");
        fields.put("df_dimension_tags", "{\"host\":\"web01\"}");
        return fields;
    }

    private static Map<String, Object> user(Map<String, Object> fields) {
        fields.put("df_source", "user");
        fields.put("df_user_id", "user_id");
        return fields;
    }

    private static Consumer<Map<String, Object>> edit(Consumer<Map<String, Object>> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventRules")
    void eachEventRuleRefusesAnEventThatBreaksItAndDeliversOneThatKeepsIt(String rule,
            Consumer<Map<String, Object>> breakIt, Consumer<Map<String, Object>> keepIt) {
        Map<String, Object> broken = validEvent("system");
        breakIt.accept(broken);
        assertRefused(validateEvent(broken), rule);

        Map<String, Object> kept = validEvent("system");
        keepIt.accept(kept);
        assertDelivered(validateEvent(kept));
    }

    @Test
    void theThreeEventKindsOfTheSeedDocumentAreDelivered() {
        for (String source : List.of("user", "monitor", "system")) {
            assertDelivered(validateEvent(validEvent(source)));
        }
    }

    @Test
    void notStrictEventsOnlyLogWarnings() {
        Map<String, Object> fields = validEvent("system");
        fields.put("df_message", 5L);
        Verdict verdict = new DataKitValidator(config(false, false)).validate(result(PointCategory.KEYEVENT,
                event(fields)));
        assertDelivered(verdict);
    }

    @Test
    void aWarningIsLoggedOnceAndThenAtMostOnceAMinuteWithHowManyWereNotLogged() {
        Map<String, Object> fields = validEvent("system");
        fields.put("df_message", 5L);
        long[] now = {1_000_000};
        List<String> lines = new ArrayList<>();
        DataKitValidator throttled = new DataKitValidator(config(false, false), () -> now[0], lines::add);
        CollectionResult flawed = result(PointCategory.KEYEVENT, event(fields));
        for (int i = 0; i < 100; i++) {
            assertDelivered(throttled.validate(flawed));
            now[0] += 500;
        }
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("demo/Demo: keyevent measurement"), lines.get(0));
        assertTrue(lines.get(0).endsWith("(sent anyway: DataKit will correct it)"), lines.get(0));
        now[0] += 10_000; // more than a minute after the first line
        throttled.validate(flawed);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).endsWith("(and 99 more like it since the last such line)"), lines.get(1));
        // another job's warning is its own kind
        throttled.validate(new CollectionResult(new JobId("demo", "Other"), "demo.Other", Instant.EPOCH, List.of(),
                List.of(), flawed.batches(), null));
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(2).startsWith("demo/Other: "), lines.get(2));
    }

    @Test
    void theWarningThrottleForgetsEverythingPastItsBound() {
        WarningThrottle throttle = new WarningThrottle();
        assertEquals(0, throttle.admit("a", 0));
        assertEquals(-1, throttle.admit("a", 1));
        for (int i = 0; i < WarningThrottle.KINDS_REMEMBERED; i++) {
            throttle.admit("kind " + i, 2);
        }
        // the table started again: "a" is new, so logged at once
        assertEquals(0, throttle.admit("a", 3));
    }

    @Test
    void aRefusedPointLeavesTheRestOfItsBatch() {
        Point good = new Point("abc", Map.of("t1", "b"), Map.of("f1", 123L), 1L);
        Point bad = new Point("", Map.of("t1", "b"), Map.of("f1", 123L), 1L);
        Verdict verdict = validator.validate(result(PointCategory.METRIC, good, bad, good));
        assertEquals(List.of(good, good), verdict.accepted().batches().get(0).points());
        assertEquals("the measurement must not be empty", verdict.rejections().get(0).rule());
    }

    static Stream<Arguments> pointRules() {
        return Stream.of(
                Arguments.of(new Point("", Map.of(), Map.of("f", 1L), 1L), "the measurement must not be empty"),
                Arguments.of(new Point("m", Map.of(), Map.of(), 1L), "a point needs at least one field"),
                Arguments.of(new Point("m", Map.of("", "v"), Map.of("f", 1L), 1L), "a tag key must not be empty"),
                Arguments.of(new Point("m", Map.of(), Map.of("", 1L), 1L), "a field key must not be empty"),
                Arguments.of(new Point("m", Map.of("k", "v"), Map.of("k", 1L), 1L), "'k' is both a tag and a field"),
                Arguments.of(new Point("m", Map.of(), Map.of("f", Double.NaN), 1L), "field 'f' is NaN"),
                Arguments.of(new Point("m", Map.of(), Map.of("f", Double.POSITIVE_INFINITY), 1L), "field 'f' is Infinity"),
                Arguments.of(new Point("m", Map.of(), Map.of("f", List.of(1L)), 1L), "field 'f' is a list"),
                Arguments.of(new Point("m", Map.of(), Map.of("f", new BigInteger("99999999999999999999")), 1L),
                        "field 'f' is an integer beyond 64 bits"),
                Arguments.of(new Point("m", Map.of(), Map.of("f", 1L), Long.MIN_VALUE), "the time is out of range"),
                Arguments.of(new Point("m", nullTag(), Map.of("f", 1L), 1L), "tag 't' has no value"));
    }

    @Test
    void whatOnlyLineProtocolCannotCarryIsDeliveredForTheSinkToSendAsJson() {
        for (Point point : List.of(new Point("disk", Map.of("path", "C:\\Users\\"), Map.of("f", 1L), 1L),
                new Point("m", Map.of("t", "two\nlines"), Map.of("f", 1L), 1L),
                new Point("m\\", Map.of(), Map.of("f", 1L), 1L), new Point("#m", Map.of(), Map.of("f", 1L), 1L),
                new Point("m", Map.of("k\\", "v"), Map.of("f\\", 1L), 1L))) {
            Verdict verdict = validator.validate(result(PointCategory.METRIC, point));
            assertEquals(List.of(), verdict.rejections(), point.toString());
            assertEquals(List.of(point), verdict.accepted().batches().get(0).points());
        }
    }

    @Test
    void aLineBreakInAKeyIsAWarningDataKitCorrectsAndRefusedOnlyWhenStrict() {
        Point point = new Point("m", Map.of("a\nb", "v"), Map.of("f", 1L), 1L);
        assertDelivered(validator.validate(result(PointCategory.METRIC, point)));
        Verdict strict = new DataKitValidator(config(true, true)).validate(result(PointCategory.METRIC, point));
        assertEquals("tag key 'a\\nb' contains a line break (DataKit makes it a space)",
                strict.rejections().get(0).rule());
    }

    private static Map<String, String> nullTag() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("t", null);
        return tags;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("pointRules")
    void pointThatBreaksARuleIsRefusedWithThatRule(Point point, String rule) {
        Verdict verdict = validator.validate(result(PointCategory.METRIC, point));
        assertTrue(verdict.accepted().batches().isEmpty());
        assertTrue(verdict.rejections().stream().anyMatch(r -> r.rule().contains(rule)), verdict.rejections().toString());
    }

    @Test
    void pointsOfEveryTypeAreDelivered() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("i", 123L);
        fields.put("f", 3.4);
        fields.put("b", true);
        fields.put("s", "str \"val\", with = signs\nand a newline");
        Point point = new Point("m e,a=s", Map.of("t 1", "b,=\"x"), fields, 1L);
        Verdict verdict = validator.validate(result(PointCategory.METRIC, point));
        assertEquals(List.of(), verdict.rejections());
    }

    @Test
    void tooManyTagsIsAWarningThatStrictPointsRefuse() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i <= DataKitRules.MAX_TAGS; i++) {
            tags.put("t" + i, "v");
        }
        Point point = new Point("m", tags, Map.of("f", 1L), 1L);
        assertEquals(List.of(), validator.validate(result(PointCategory.METRIC, point)).rejections());
        assertEquals(1, new DataKitValidator(config(true, true)).validate(result(PointCategory.METRIC, point))
                .rejections().size());
    }
}
