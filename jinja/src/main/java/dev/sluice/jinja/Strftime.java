package dev.sluice.jinja;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The reference renderer's {@code strftime}: {@code %Y %m %d %b %B %H %M %%} (English month names); any other
 * directive is left as written.
 */
final class Strftime {
    private Strftime() {}

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char f = pattern.charAt(++i);
            switch (f) {
                case 'Y' -> out.append(t.getYear());
                case 'm' -> out.append(pad(t.getMonthValue()));
                case 'd' -> out.append(pad(t.getDayOfMonth()));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'H' -> out.append(pad(t.getHour()));
                case 'M' -> out.append(pad(t.getMinute()));
                case '%' -> out.append('%');
                default -> out.append('%').append(f);
            }
        }
        return out.toString();
    }

    private static String pad(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
