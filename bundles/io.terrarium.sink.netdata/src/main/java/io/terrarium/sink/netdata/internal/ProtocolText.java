package io.terrarium.sink.netdata.internal;

/**
 * Makes any string safe as one word of Netdata's plugin protocol. The daemon splits a line into words on
 * whitespace and {@code =} outside quotes, honours {@code '} and {@code "} quoting, treats a backslash as
 * protecting the next character, and has no other escape. So: ids (written unquoted, and kept by the daemon exactly
 * as sent) lose only what would split or quote them; free text loses control characters and is quoted with a quote
 * character it does not contain.
 */
final class ProtocolText {

    /** Longest free-text word we send; the daemon reads at most 15,360 bytes a line. */
    static final int MAX_TEXT = 1000;
    /** Longest id we send (Netdata's id limit). */
    static final int MAX_ID = 200;

    private ProtocolText() {
    }

    /**
     * A chart type or id, written unquoted: whitespace, control characters, quotes, {@code =} and backslashes become
     * {@code _}; everything else (a {@code /} in rabbitmq's vhost charts, non-ASCII letters) is kept, as python.d
     * sends it and the daemon stores it.
     */
    static String id(String text) {
        if (text == null || text.isEmpty()) {
            return "_";
        }
        if (isPlainId(text)) {
            return text; // the usual case, every tick: nothing to copy
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ID));
        text.codePoints().forEach(codePoint -> {
            if (out.length() < MAX_ID) {
                out.appendCodePoint(splitsAWord(codePoint) ? '_' : codePoint);
            }
        });
        return out.toString();
    }

    /** Printable ASCII without a quote, {@code =} or backslash, short enough: {@link #id} keeps it as it is. */
    private static boolean isPlainId(String text) {
        if (text.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '\'' || c == '"' || c == '=' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean splitsAWord(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE
                || codePoint == '\'' || codePoint == '"' || codePoint == '=' || codePoint == '\\';
    }

    /** A keyword-like word (chart type, algorithm) from an allowed set, or the fallback. */
    static String keyword(String text, String fallback, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(text)) {
                return candidate;
            }
        }
        return fallback;
    }

    /** Short enough, without control characters or surrogates, not ending in a backslash: {@link #clean} keeps it. */
    private static boolean isCleanText(String text) {
        if (text.length() > MAX_TEXT || text.endsWith("\\")) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Free text as one quoted word. */
    static void quoted(StringBuilder out, String text) {
        String value = clean(text);
        char quote = value.indexOf('\'') < 0 ? '\'' : '"';
        if (quote == '"' && value.indexOf('"') >= 0) {
            // both quote characters: keep the single quotes, the double ones become single
            value = value.replace('"', '\'');
        }
        out.append(quote).append(value).append(quote);
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        if (isCleanText(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        for (int i = 0; i < text.length() && out.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && out.length() + 2 <= MAX_TEXT) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        // a backslash right before the closing quote would protect it from ending the word
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\\') {
            out.setCharAt(--end, '/');
        }
        return out.toString();
    }
}
