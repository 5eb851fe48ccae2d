package tunebench.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What validating a dataset found: how many examples the file holds and every problem, sorted
 * by line and then by kind in {@link DataProblem#ORDER}, so the CLI, the dataset view and tests
 * list the same thing the same way.
 *
 * @param examples examples the file holds, readable or not
 */
public record ValidationReport(int examples, List<DataProblem> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Comparator<DataProblem> BY_LINE = Comparator.comparingInt(DataProblem::line)
            .thenComparingInt(p -> DataProblem.ORDER.indexOf(p.kind()))
            .thenComparingInt(DataProblem::relatedLine);

    public ValidationReport {
        List<DataProblem> sorted = new ArrayList<>(problems);
        sorted.sort(BY_LINE);
        problems = List.copyOf(sorted);
    }

    /** Problem counts by kind, in {@link DataProblem#ORDER}; kinds not found are left out. */
    public Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String kind : DataProblem.ORDER) {
            int n = (int) problems.stream().filter(p -> p.kind().equals(kind)).count();
            if (n > 0) {
                counts.put(kind, n);
            }
        }
        return counts;
    }

    public List<DataProblem> ofKind(String kind) {
        return problems.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /**
     * {"examples": N, "problems": [{"line": L, "kind": K, "message": M, "related_line": L2}]},
     * related_line only where there is one: {@code data validate --json}.
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("examples", examples);
        ArrayNode list = root.putArray("problems");
        for (DataProblem p : problems) {
            ObjectNode o = list.addObject();
            o.put("line", p.line()).put("kind", p.kind()).put("message", p.message());
            if (p.hasRelatedLine()) {
                o.put("related_line", p.relatedLine());
            }
        }
        return root;
    }

    /** The JSON on one line. */
    public String toJsonString() {
        return toJson().toString();
    }

    /** "26 examples, 7 problems: 1 malformed-json, 2 duplicate, ..." */
    public String summary() {
        StringBuilder s = new StringBuilder(examples + " examples, " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems"));
        String sep = ": ";
        for (Map.Entry<String, Integer> e : countsByKind().entrySet()) {
            s.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return s.toString();
    }
}
