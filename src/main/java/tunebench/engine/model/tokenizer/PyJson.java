package tunebench.engine.model.tokenizer;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} output format, for the chat templates' {@code tojson} filter.
 * Tool schemas rendered into a prompt must match the bytes the model was trained on, and
 * Python writes {@code {"a": 1, "b": [1, 2]}} with spaces, where Jackson writes it compact.
 */
final class PyJson {

    private final boolean ensureAscii;
    private final Integer indent;
    private final boolean sortKeys;

    /** Arguments as transformers' {@code tojson(x, ensure_ascii=False, indent=None, sort_keys=False)}. */
    PyJson(boolean ensureAscii, Integer indent, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            out.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map, out, depth);
        } else if (value instanceof Collection<?> items) {
            writeList(new ArrayList<>(items), out, depth);
        } else if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            writeList(items, out, depth);
        } else {
            quote(value.toString(), out);
        }
    }

    private void writeMap(Map<?, ?> map, StringBuilder out, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separator(i, out, depth + 1);
            quote(String.valueOf(entries.get(i).getKey()), out);
            out.append(": ");
            write(entries.get(i).getValue(), out, depth + 1);
        }
        newline(out, depth);
        out.append('}');
    }

    private void writeList(List<?> items, StringBuilder out, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            separator(i, out, depth + 1);
            write(items.get(i), out, depth + 1);
        }
        newline(out, depth);
        out.append(']');
    }

    /** Python's default separators: ", " inline, "," before an indented newline. */
    private void separator(int index, StringBuilder out, int depth) {
        if (index > 0) {
            out.append(indent == null ? ", " : ",");
        }
        newline(out, depth);
    }

    private void newline(StringBuilder out, int depth) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's float repr: 1.0, 0.5, 1e+30, NaN, Infinity. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return (long) d + ".0";
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e).replaceFirst("\\.0$", "");
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp >= -4 && exp < 16) {
            return new BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
