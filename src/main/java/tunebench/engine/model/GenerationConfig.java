package tunebench.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint's {@code generation_config.json}: the model author's stop tokens and sampling
 * defaults. Absent values are null; absent file is {@link #empty()}.
 */
public record GenerationConfig(
        List<Long> eosTokenIds,
        Long padTokenId,
        Boolean doSample,
        Double temperature,
        Integer topK,
        Double topP,
        Double repetitionPenalty,
        Integer maxNewTokens) {

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    public static GenerationConfig empty() {
        return new GenerationConfig(List.of(), null, null, null, null, null, null, null);
    }

    public static GenerationConfig read(Path dir) throws IOException {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        List<Long> eos = new ArrayList<>();
        JsonNode e = n.get("eos_token_id");
        if (e != null && e.isArray()) {
            e.forEach(x -> eos.add(x.asLong()));
        } else if (e != null && e.isIntegralNumber()) {
            eos.add(e.asLong());
        }
        return new GenerationConfig(eos,
                n.path("pad_token_id").isIntegralNumber() ? n.get("pad_token_id").asLong() : null,
                n.has("do_sample") ? n.get("do_sample").asBoolean() : null,
                n.path("temperature").isNumber() ? n.get("temperature").asDouble() : null,
                n.path("top_k").isIntegralNumber() ? n.get("top_k").asInt() : null,
                n.path("top_p").isNumber() ? n.get("top_p").asDouble() : null,
                n.path("repetition_penalty").isNumber() ? n.get("repetition_penalty").asDouble() : null,
                n.path("max_new_tokens").isIntegralNumber() ? n.get("max_new_tokens").asInt() : null);
    }
}
