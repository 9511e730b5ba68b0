package io.terrarium.itests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Netdata plugin protocol output into chart definitions and data blocks, for comparing two plugins.
 * Words are split as the daemon splits them (whitespace and '=' outside ' or " quotes).
 */
final class ProtocolBlocks {

    /** A chart's definition: its CHART words and its CLABEL and DIMENSION lines as words. */
    record Definition(List<String> chart, List<List<String>> labels, List<List<String>> dimensions) {
        String id() {
            return chart.get(1);
        }
    }

    /** One BEGIN..END block. */
    record Block(String chart, long microseconds, Map<String, String> values) {
    }

    final Map<String, Definition> definitions = new LinkedHashMap<>();
    /** Every definition in the order written, redefinitions (and CHART ... obsolete lines) included. */
    final List<Definition> definitionLog = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    /** Definitions and blocks interleaved, in the order written. */
    final List<Object> written = new ArrayList<>();
    final List<String> unknown = new ArrayList<>();
    /** FUNCTION announcements (Netdata Functions; python.d.plugin has none), as their words. */
    final List<List<String>> functions = new ArrayList<>();
    boolean disabled;

    static ProtocolBlocks parse(List<String> lines) {
        ProtocolBlocks parsed = new ProtocolBlocks();
        Definition current = null;
        Block block = null;
        for (String line : lines) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            switch (words.get(0)) {
                case "CHART" -> {
                    current = new Definition(words, new ArrayList<>(), new ArrayList<>());
                    parsed.definitions.put(current.id(), current);
                    parsed.definitionLog.add(current);
                    parsed.written.add(current);
                }
                case "CLABEL" -> current.labels().add(words);
                case "CLABEL_COMMIT" -> { }
                case "DIMENSION" -> current.dimensions().add(words);
                case "BEGIN" -> block = new Block(words.get(1), Long.parseLong(words.get(2)), new LinkedHashMap<>());
                case "SET" -> block.values().put(words.get(1), words.get(2));
                case "END" -> {
                    parsed.blocks.add(block);
                    parsed.written.add(block);
                    block = null;
                }
                case "DISABLE" -> parsed.disabled = true;
                case "FUNCTION" -> parsed.functions.add(words);
                default -> parsed.unknown.add(line);
            }
        }
        return parsed;
    }

    /** The chart's definitions in the order written. */
    List<Definition> definitionsOf(String chart) {
        return definitionLog.stream().filter(d -> d.id().equals(chart)).toList();
    }

    List<Block> blocksOf(String chart) {
        return blocks.stream().filter(b -> b.chart().equals(chart)).toList();
    }

    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && separator(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char quote = 0;
            if (line.charAt(i) == '\'' || line.charAt(i) == '"') {
                quote = line.charAt(i++);
            }
            StringBuilder word = new StringBuilder();
            while (i < n) {
                char c = line.charAt(i);
                if (quote != 0 && c == quote) {
                    i++;
                    break;
                } else if (quote == 0 && separator(c)) {
                    break;
                }
                word.append(c);
                i++;
            }
            words.add(word.toString());
        }
        return words;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=';
    }
}
