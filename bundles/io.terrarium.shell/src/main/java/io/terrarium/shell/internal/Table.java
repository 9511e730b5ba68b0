package io.terrarium.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A text table: a header row, then one row per entry, columns padded to their widest cell with two spaces between
 * them, no trailing spaces. A missing cell shows {@code -}; a cell's line breaks and tabs become spaces, so a row is
 * always one line and the columns stay aligned.
 *
 * <p>Not thread-safe: built and rendered by one command call.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(header.clone());
    }

    Table row(Object... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            String text = cell == null ? "" : cell.toString().replaceAll("[\\r\\n\\t]+", " ").strip();
            row[i] = text.isEmpty() ? "-" : text;
        }
        rows.add(row);
        return this;
    }

    /** The rows under the header. */
    int size() {
        return rows.size() - 1;
    }

    /** The table without the final line break (Gogo adds one when it prints a command's result). */
    String render() {
        return toString().stripTrailing();
    }

    @Override
    public String toString() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
