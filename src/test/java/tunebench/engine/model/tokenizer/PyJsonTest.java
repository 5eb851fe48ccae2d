package tunebench.engine.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tojson filter against Python's json.dumps output for the same value. */
class PyJsonTest {

    private static Map<String, Object> value() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", null);
        inner.put("c", true);
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("a", List.of(1, 2.5, inner));
        x.put("é", "x\"\n\u0001");
        x.put("e", Map.of());
        x.put("f", List.of());
        x.put("g", 1e30);
        x.put("h", 0.0001);
        x.put("i", 1.0);
        x.put("j", 12345678.5);
        return x;
    }

    @Test
    void matchesPythonDefaults() {
        assertEquals("{\"a\": [1, 2.5, {\"b\": null, \"c\": true}], \"é\": \"x\\\"\\n\\u0001\","
                + " \"e\": {}, \"f\": [], \"g\": 1e+30, \"h\": 0.0001, \"i\": 1.0, \"j\": 12345678.5}",
                new PyJson(false, null, false).dumps(value()));
    }

    @Test
    void matchesPythonIndentAndSortKeys() {
        assertEquals("{\"a\": [1, 2.5, {\"b\": null, \"c\": true}], \"e\": {}, \"f\": [],"
                + " \"g\": 1e+30, \"h\": 0.0001, \"i\": 1.0, \"j\": 12345678.5,"
                + " \"\\u00e9\": \"x\\\"\\n\\u0001\"}",
                new PyJson(true, null, true).dumps(value()));
        String indented = ChatTemplate.of("{{ x | tojson(indent=2) }}")
                .render(List.of(), false, Map.of("x", value()));
        assertEquals("{\n  \"a\": [\n    1,\n    2.5,\n    {\n      \"b\": null,\n      \"c\": true\n"
                + "    }\n  ],\n  \"é\": \"x\\\"\\n\\u0001\",\n  \"e\": {},\n  \"f\": [],\n"
                + "  \"g\": 1e+30,\n  \"h\": 0.0001,\n  \"i\": 1.0,\n  \"j\": 12345678.5\n}", indented);
    }
}
