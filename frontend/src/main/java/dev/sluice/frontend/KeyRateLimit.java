package dev.sluice.frontend;

import java.util.Locale;

/**
 * A limit every API key gets on its own: {@code perMinute} requests, or {@code perMinute} tokens (prompt plus
 * generated), per minute. Written {@code 600rpm} or {@code 100000tpm} on the command line.
 */
public record KeyRateLimit(long perMinute, Unit unit) {
    /** What a limit counts. */
    public enum Unit {
        REQUESTS,
        TOKENS
    }

    public KeyRateLimit {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("--key-rate-limit " + perMinute + " must be positive");
        }
    }

    /** Parses {@code 600rpm} (requests per minute) or {@code 100000tpm} (tokens per minute). */
    public static KeyRateLimit parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Unit unit;
        if (t.endsWith("rpm")) {
            unit = Unit.REQUESTS;
        } else if (t.endsWith("tpm")) {
            unit = Unit.TOKENS;
        } else {
            throw new IllegalArgumentException(
                    "--key-rate-limit " + text + " is not N followed by rpm (requests) or tpm (tokens), e.g. 600rpm");
        }
        try {
            return new KeyRateLimit(Long.parseLong(t.substring(0, t.length() - 3)), unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--key-rate-limit " + text + " does not start with a whole number");
        }
    }

    @Override
    public String toString() {
        return perMinute + (unit == Unit.REQUESTS ? "rpm" : "tpm");
    }
}
