package dev.sluice.jinja;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JavaScript primitives the reference renderer's output depends on: which characters {@code trim} removes, how a
 * number prints ({@code Number.prototype.toString}, {@code toFixed(1)}), and how a string becomes a number
 * ({@code Number(s)}, {@code parseInt}, {@code parseFloat}).
 */
final class Js {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
    private static final Pattern NON_DECIMAL = Pattern.compile("0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+");

    private Js() {}

    static boolean isSpace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00A0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202F',
                    '\u205F',
                    '\u3000',
                    '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    static String trim(String s) {
        return trimEnd(trimStart(s));
    }

    static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimEnd(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    /** {@code String(d)} in JavaScript: shortest round-trip digits, exponent form below 1e-6 and from 1e21. */
    static String toString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int k = digits.length();
        int n = k - b.scale();
        String sign = d < 0 ? "-" : "";
        if (k <= n && n <= 21) {
            return sign + digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return sign + digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return sign + "0." + "0".repeat(-n) + digits;
        }
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (n - 1 >= 0 ? "+" : "-") + Math.abs(n - 1);
    }

    /** {@code d.toFixed(1)} for an integral {@code d}. */
    static String toFixed1(double d) {
        return Math.abs(d) >= 1e21 ? toString(d) : new BigDecimal(d).toPlainString() + ".0";
    }

    /** {@code Number(s)}: the whole trimmed string as a decimal, hex, octal or binary literal; empty is 0. */
    static double toNumber(String s) {
        String t = trim(s);
        if (t.isEmpty()) {
            return 0;
        }
        if (NON_DECIMAL.matcher(t).matches()) {
            int radix =
                    switch (t.charAt(1)) {
                        case 'x', 'X' -> 16;
                        case 'o', 'O' -> 8;
                        default -> 2;
                    };
            return new java.math.BigInteger(t.substring(2), radix).doubleValue();
        }
        return DECIMAL.matcher(t).matches() ? parseDecimal(t) : Double.NaN;
    }

    /** {@code parseFloat(s)}: the longest decimal prefix after leading white space, or NaN. */
    static double parseFloat(String s) {
        Matcher m = DECIMAL.matcher(trimStart(s));
        return m.lookingAt() ? parseDecimal(m.group()) : Double.NaN;
    }

    /** {@code parseInt(s, 10)}: the sign and digits after leading white space, or NaN. */
    static double parseInt(String s) {
        String t = trimStart(s);
        int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        int start = i;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        return i == start ? Double.NaN : new BigDecimal(t.substring(0, i)).doubleValue();
    }

    private static double parseDecimal(String t) {
        if (t.endsWith("Infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t.endsWith(".") ? t + "0" : t);
    }
}
