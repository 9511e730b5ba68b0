package io.terrarium.config.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether a module sets {@code disabled_by_default} to a true value, by reading its source rather than
 * importing it: discovery must not run module code in the JVM's process (the worker does that, later).
 *
 * <p>What counts: an assignment at column 0 ({@code disabled_by_default = <literal>}, optionally annotated,
 * with an optional trailing comment); the last one wins, as when Python runs the file. The literal is judged
 * with Python's truthiness: {@code True}, {@code False}, {@code None}, numbers and quoted strings. Known
 * limits: an assignment inside an {@code if} block (indented) is not seen; a line in a triple-quoted string
 * that looks like an assignment is taken as one; any other expression is reported and taken as false.
 */
final class DisabledByDefaultScanner {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^disabled_by_default\\s*(?::[^=]*)?=(?!=)\\s*(.*?)\\s*$");
    private static final Pattern LITERAL = Pattern.compile(
            "(True|False|None|[-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|'[^']*'|\"[^\"]*\")"
                    + "\\s*;?\\s*(?:#.*)?");

    boolean isDisabledByDefault(ModuleSource module, Consumer<Problem> problems) {
        String source;
        try {
            // lenient decoding: a stray byte must not hide the flag; the worker reports real encoding errors
            source = new String(Files.readAllBytes(module.path()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.accept(Problem.error("module " + module.name() + ": cannot read " + module.path() + ": " + e));
            return false;
        }
        Boolean disabled = null;
        int lineNumber = 0;
        for (String line : source.split("\\R", -1)) {
            lineNumber++;
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                continue;
            }
            Matcher literal = LITERAL.matcher(assignment.group(1));
            if (literal.matches()) {
                disabled = isTrueLiteral(literal.group(1));
            } else {
                problems.accept(Problem.warning("module " + module.name() + ": " + module.path() + ":" + lineNumber
                        + ": disabled_by_default is not a literal, cannot tell without running the module;"
                        + " taken as False"));
                disabled = false;
            }
        }
        return disabled != null && disabled;
    }

    private static boolean isTrueLiteral(String literal) {
        switch (literal) {
            case "True":
                return true;
            case "False":
            case "None":
                return false;
            default:
                break;
        }
        if (literal.startsWith("'") || literal.startsWith("\"")) {
            return literal.length() > 2;
        }
        return new BigDecimal(literal.replace("_", "")).signum() != 0;
    }
}
