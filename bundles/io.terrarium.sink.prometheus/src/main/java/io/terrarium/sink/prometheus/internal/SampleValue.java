package io.terrarium.sink.prometheus.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** Writes numbers as the text format reads them: Go's float syntax, with {@code NaN}, {@code +Inf}, {@code -Inf}. */
final class SampleValue {

    // Up to 2^53 every integer is exact as a double, so writing it as an integer says nothing a parser cannot keep.
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

    private SampleValue() {
    }

    /** A collected value scaled as Netdata scales it: {@code value × multiplier ÷ divisor}. */
    static String scaled(Number value, long multiplier, long divisor) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long raw = value.longValue();
            if (multiplier == 1 && divisor == 1) {
                return Long.toString(raw); // exact, even beyond 2^53
            }
            try {
                long product = Math.multiplyExact(raw, multiplier);
                if (product % divisor == 0) {
                    return Long.toString(product / divisor);
                }
            } catch (ArithmeticException e) {
                // falls through to floating point
            }
        } else if (value instanceof BigInteger big) {
            if (multiplier == 1 && divisor == 1) {
                return big.toString(); // an integer literal of any length is valid float syntax
            }
            return of(new BigDecimal(big).multiply(BigDecimal.valueOf(multiplier))
                    .divide(BigDecimal.valueOf(divisor), MathContext.DECIMAL64).doubleValue());
        }
        return of(value.doubleValue() * multiplier / divisor);
    }

    /** A DataKit field value: {@link Long}, {@link Double}, {@link Boolean} (1 or 0); {@code null} for others. */
    static String field(Object value) {
        if (value instanceof Boolean bool) {
            return bool ? "1" : "0";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.toString();
        }
        if (value instanceof Number number) {
            return of(number.doubleValue());
        }
        return null;
    }

    static String of(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGERS) {
            return Long.toString((long) value);
        }
        return Double.toString(value); // e.g. 1.5E-7: Go's ParseFloat and Python's float() both read it
    }
}
