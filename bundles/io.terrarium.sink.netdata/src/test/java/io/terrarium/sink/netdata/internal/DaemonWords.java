package io.terrarium.sink.netdata.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a protocol line into words the way the Netdata daemon's plugin parser does (REFERENCE.md):
 * separators are space, tab, CR, LF and '=' outside quotes; ' and " quote; a backslash protects the next
 * character (and stays in the word).
 */
final class DaemonWords {

    private DaemonWords() {
    }

    static List<String> split(String line) {
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
                if (c == '\\' && i + 1 < n) {
                    word.append(c).append(line.charAt(i + 1));
                    i += 2;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                    i++;
                    break;
                } else if (quote == 0 && separator(c)) {
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            words.add(word.toString());
        }
        return words;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '=';
    }
}
