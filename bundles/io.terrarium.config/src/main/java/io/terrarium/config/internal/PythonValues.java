package io.terrarium.config.internal;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Python's view of loaded YAML values: truthiness (python.d tests {@code enabled}, {@code default_run},
 * {@code <module>: ...} and {@code disabled_by_default} with {@code if value}) and {@code str()}.
 */
final class PythonValues {

    private PythonValues() {
    }

    /** Python's {@code bool(value)}. */
    static boolean isTrue(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof BigInteger big) {
            return big.signum() != 0;
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue() != 0.0;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code str(value)} for the scalars YAML produces (used for keys and names that are not strings). */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "-inf";
            }
        }
        return String.valueOf(value);
    }
}
