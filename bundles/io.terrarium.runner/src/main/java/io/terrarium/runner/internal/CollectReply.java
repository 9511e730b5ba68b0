package io.terrarium.runner.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.terrarium.api.data.DimensionValue;

/**
 * One job's entry of a collect reply (protocol 2, {@code docs/worker-protocol.md}), read from the parser as it
 * goes: a job's values become {@link DimensionValue}s at once, with no tree of nodes in between (that tree, a few
 * maps and a node per value, for every job on every tick, was a third of what the JVM allocated). Only what is rare
 * (a chart's definition, retired charts, DataKit batches) is read as a tree.
 *
 * @param job       the job's id as the worker names it, {@code ""} when absent
 * @param ok        false when the worker could not run the job (an unknown job, a BaseException)
 * @param error     the worker's error text, or null
 * @param traceback the traceback sent with {@code --trace}, or null
 * @param updated   python.d's success: some chart got a value
 * @param charts    the charts that got values, in the job's chart order
 * @param retired   the array of retired chart objects, or a missing node
 * @param batches   the array of DataKit batches, or a missing node
 */
record CollectReply(String job, boolean ok, String error, String traceback, boolean updated, List<Values> charts,
        JsonNode retired, JsonNode batches) {

    /**
     * A chart's part of the entry.
     *
     * @param define its definition when the worker sent one (new or changed), else null
     */
    record Values(String id, JsonNode define, long since, List<DimensionValue> values,
            List<DimensionValue> variables) {
    }

    /** Reads the entry the parser is at (its START_OBJECT is the current token) up to and with its END_OBJECT. */
    static CollectReply read(JsonParser parser) throws IOException {
        expect(parser, JsonToken.START_OBJECT);
        String job = "";
        boolean ok = false;
        String error = null;
        String traceback = null;
        boolean updated = false;
        List<Values> charts = List.of();
        JsonNode retired = MissingNode.getInstance();
        JsonNode batches = MissingNode.getInstance();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "job" -> job = value == JsonToken.VALUE_STRING ? parser.getText() : job;
                case "ok" -> ok = value == JsonToken.VALUE_TRUE;
                case "error" -> error = text(parser, value);
                case "traceback" -> traceback = text(parser, value);
                case "updated" -> updated = value == JsonToken.VALUE_TRUE;
                case "charts" -> charts = charts(parser, value);
                case "retired" -> retired = parser.readValueAsTree();
                case "batches" -> batches = parser.readValueAsTree();
                default -> parser.skipChildren();
            }
        }
        expect(parser, JsonToken.END_OBJECT);
        return new CollectReply(job, ok, error, traceback, updated, charts, retired, batches);
    }

    private static List<Values> charts(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return List.of();
        }
        List<Values> charts = new ArrayList<>(2);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String id = "";
            JsonNode define = null;
            long since = 0;
            List<DimensionValue> values = List.of();
            List<DimensionValue> variables = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_STRING ? parser.getText() : id;
                    case "define" -> define = parser.readValueAsTree();
                    case "since" -> since = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
                    case "values" -> values = values(parser, value);
                    case "variables" -> variables = values(parser, value);
                    default -> parser.skipChildren();
                }
            }
            charts.add(new Values(id, define, since, values, variables));
        }
        expect(parser, JsonToken.END_ARRAY);
        return charts;
    }

    /** An object of id to integer, in the chart's order; a value that is not an integer is left out. */
    private static List<DimensionValue> values(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return List.of();
        }
        List<DimensionValue> values = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            // field names are canonical in the parser's symbol table: the same id is one String every tick
            String id = parser.currentName();
            JsonToken value = parser.nextToken();
            Number number = null;
            if (value == JsonToken.VALUE_NUMBER_INT) {
                number = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? bigOrLong(parser)
                        : Long.valueOf(parser.getLongValue());
            } else {
                parser.skipChildren();
            }
            if (number != null) {
                if (values == null) {
                    values = new ArrayList<>(4);
                }
                values.add(new DimensionValue(id, number));
            }
        }
        return values == null ? List.of() : values;
    }

    private static Number bigOrLong(JsonParser parser) throws IOException {
        BigInteger big = parser.getBigIntegerValue();
        return big.bitLength() < 64 ? (Number) big.longValue() : big;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token.isScalarValue()) {
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static void expect(JsonParser parser, JsonToken token) throws IOException {
        if (parser.currentToken() != token) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser,
                    "expected " + token + " in a collect reply, found " + parser.currentToken());
        }
    }
}
