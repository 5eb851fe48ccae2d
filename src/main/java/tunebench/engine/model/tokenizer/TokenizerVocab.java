package tunebench.engine.model.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The token-to-id tables of a tokenizer.json, read with Jackson because DJL exposes no
 * {@code token_to_id}: the model's vocab (BPE/WordPiece/WordLevel maps, Unigram lists) and the
 * added tokens, which win on lookup as in transformers' {@code convert_tokens_to_ids}.
 */
record TokenizerVocab(
        Map<String, Long> vocab,
        Map<String, Long> added,
        Map<Long, String> byId,
        Set<Long> specialIds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static TokenizerVocab parse(String json, Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IOException("Cannot parse " + file + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("model").isObject()) {
            throw new IOException("Cannot read " + file + ": no \"model\" object, not a tokenizer.json");
        }
        Map<String, Long> vocab = new HashMap<>();
        JsonNode modelVocab = root.path("model").path("vocab");
        if (modelVocab.isObject()) {
            for (Map.Entry<String, JsonNode> e : modelVocab.properties()) {
                vocab.put(e.getKey(), e.getValue().asLong());
            }
        } else if (modelVocab.isArray()) {
            // Unigram (SentencePiece): [[piece, score], ...], the id is the position.
            for (int i = 0; i < modelVocab.size(); i++) {
                vocab.putIfAbsent(modelVocab.get(i).path(0).asText(), (long) i);
            }
        }
        Map<String, Long> added = new HashMap<>();
        Set<Long> special = new HashSet<>();
        for (JsonNode t : root.path("added_tokens")) {
            long id = t.path("id").asLong();
            added.put(t.path("content").asText(), id);
            if (t.path("special").asBoolean(false)) {
                special.add(id);
            }
        }
        Map<Long, String> byId = new HashMap<>();
        vocab.forEach((token, id) -> byId.putIfAbsent(id, token));
        added.forEach((token, id) -> byId.put(id, token));
        return new TokenizerVocab(vocab, added, byId, special);
    }

    Long idOf(String token) {
        Long id = added.get(token);
        return id != null ? id : vocab.get(token);
    }

    /** Distinct ids, vocab and added tokens together: transformers' {@code len(tokenizer)}. */
    int size() {
        return byId.size();
    }
}
