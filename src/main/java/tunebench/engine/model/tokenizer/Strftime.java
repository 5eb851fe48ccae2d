package tunebench.engine.model.tokenizer;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code time.strftime} for the directives chat templates use ("%d %b %Y" in Llama 3.1),
 * in the C locale's English names. glibc's "%-d" (no padding) is accepted too.
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
            char d = pattern.charAt(++i);
            boolean pad = true;
            if (d == '-' && i + 1 < pattern.length()) {
                pad = false;
                d = pattern.charAt(++i);
            }
            out.append(directive(d, pad, t));
        }
        return out.toString();
    }

    private static String directive(char d, boolean pad, ZonedDateTime t) {
        return switch (d) {
            case 'Y' -> Integer.toString(t.getYear());
            case 'y' -> num(t.getYear() % 100, pad);
            case 'm' -> num(t.getMonthValue(), pad);
            case 'd' -> num(t.getDayOfMonth(), pad);
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'H' -> num(t.getHour(), pad);
            case 'I' -> num(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, pad);
            case 'M' -> num(t.getMinute(), pad);
            case 'S' -> num(t.getSecond(), pad);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'j' -> pad ? String.format("%03d", t.getDayOfYear()) : Integer.toString(t.getDayOfYear());
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'z' -> t.format(DateTimeFormatter.ofPattern("xx", Locale.ENGLISH));
            case 'F' -> t.format(DateTimeFormatter.ISO_LOCAL_DATE);
            case 'T' -> t.format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH));
            case '%' -> "%";
            default -> "%" + d;
        };
    }

    private static String num(int value, boolean pad) {
        return pad ? String.format("%02d", value) : Integer.toString(value);
    }
}
