package tunebench.engine.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which CSV column holds which field of a format, as LLaMA-Factory's {@code columns} in
 * dataset_info.json says it: {@code instruction=question,output=answer} reads the "question"
 * column as the instruction. Columns not named keep their header's name, so any flat format
 * (Alpaca, Dolly, preference as text, plain text) reads from any table.
 *
 * @param fieldToColumn format field -> CSV column, in the order given
 */
public record CsvColumns(Map<String, String> fieldToColumn) {

    /** Every column under its own name. */
    public static final CsvColumns NONE = new CsvColumns(Map.of());

    public CsvColumns {
        fieldToColumn = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fieldToColumn));
        Map<String, String> seen = new HashMap<>();
        fieldToColumn.forEach((field, column) -> {
            if (field.isBlank() || column.isBlank()) {
                throw new IllegalArgumentException("a column mapping needs a field and a column: '"
                        + field + "=" + column + "'");
            }
            String other = seen.putIfAbsent(column, field);
            if (other != null) {
                throw new IllegalArgumentException("column '" + column + "' is mapped to both '"
                        + other + "' and '" + field + "'");
            }
        });
    }

    /**
     * "instruction=question, output=answer" as a mapping; an empty text maps nothing.
     *
     * @throws IllegalArgumentException with a sentence for an entry without '='
     */
    public static CsvColumns parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + entry.strip()
                        + "' is not field=column (for example instruction=question)");
            }
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return new CsvColumns(map);
    }

    public boolean isEmpty() {
        return fieldToColumn.isEmpty();
    }

    /**
     * The header with mapped columns renamed to their fields.
     *
     * @throws IllegalArgumentException naming a mapped column the header does not have, or a
     *                                  field that would clash with a column of the same name
     */
    List<String> rename(List<String> header) {
        Map<String, String> columnToField = new HashMap<>();
        fieldToColumn.forEach((field, column) -> {
            if (!header.contains(column)) {
                throw new IllegalArgumentException("there is no column '" + column + "' to read as '"
                        + field + "' (the columns are " + String.join(", ", header) + ")");
            }
            columnToField.put(column, field);
        });
        List<String> renamed = new ArrayList<>();
        for (String column : header) {
            String name = columnToField.getOrDefault(column, column);
            if (renamed.contains(name)) {
                throw new IllegalArgumentException("two columns would both be read as '" + name + "'");
            }
            renamed.add(name);
        }
        return renamed;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        fieldToColumn.forEach((f, c) -> parts.add(f + "=" + c));
        return String.join(",", parts);
    }
}
