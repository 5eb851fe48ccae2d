package tunebench.engine.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tunebench.engine.io.AtomicFiles;

/**
 * A byte-level BPE from {@link BpeTrainer}, written as the Hugging Face {@code tokenizer.json}
 * (and {@code tokenizer_config.json}) that DJL and transformers load. Special tokens take the
 * ids after the merges, in the order given.
 *
 * @param vocab  byte tokens and merged tokens, spelled with GPT-2's byte characters, by id
 * @param merges "left right" merge rules, in the order learnt (their rank)
 */
public record TrainedBpe(Map<String, Integer> vocab, List<String> merges, List<String> specialTokens) {

    /** Written when the caller gives no limit; the models we train from scratch are this short. */
    public static final int DEFAULT_MODEL_MAX_LENGTH = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainedBpe {
        vocab = Map.copyOf(vocab);
        merges = List.copyOf(merges);
        specialTokens = List.copyOf(specialTokens);
    }

    /** Every id, special tokens included ({@code len(tokenizer)}). */
    public int size() {
        return vocab.size() + specialTokens.size();
    }

    /** The id of a special token, which {@link BpeTrainer} places after the BPE vocabulary. */
    public int specialTokenId(String token) {
        int index = specialTokens.indexOf(token);
        if (index < 0) {
            throw new IllegalArgumentException("Not a special token of this tokenizer: " + token);
        }
        return vocab.size() + index;
    }

    /** Writes tokenizer.json with no post-processor: encoding never adds special tokens. */
    public void writeTokenizerJson(Path file) throws IOException {
        writeTokenizerJson(file, null);
    }

    /** Writes tokenizer.json whose post-processor puts {@code bos} first (null: none), like Llama's. */
    public void writeTokenizerJson(Path file, String bos) throws IOException {
        AtomicFiles.writeString(file, tokenizerJson(bos));
    }

    /** Writes tokenizer.json and tokenizer_config.json into a model folder. */
    public void writeModelFiles(Path dir, String bos, String eos, String pad, String chatTemplate)
            throws IOException {
        writeModelFiles(dir, bos, eos, pad, chatTemplate, DEFAULT_MODEL_MAX_LENGTH);
    }

    /**
     * Writes tokenizer.json and tokenizer_config.json into a model folder; each token given
     * must be one of the special tokens. {@code add_bos_token} says what the post-processor
     * does, so transformers and DJL agree.
     */
    public void writeModelFiles(Path dir, String bos, String eos, String pad, String chatTemplate,
            int modelMaxLength) throws IOException {
        for (String token : new String[] {bos, eos, pad}) {
            if (token != null) {
                specialTokenId(token); // fails early, before any file is written
            }
        }
        writeTokenizerJson(dir.resolve(TextTokenizer.FILE_NAME), bos);
        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", bos != null);
        config.put("add_eos_token", false);
        config.put("bos_token", bos);
        config.put("eos_token", eos);
        config.put("pad_token", pad);
        config.putNull("unk_token");
        config.put("model_max_length", modelMaxLength);
        config.put("clean_up_tokenization_spaces", false);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("chat_template", chatTemplate);
        AtomicFiles.writeString(dir.resolve(TokenizerConfig.FILE_NAME), pretty(config));
    }

    /** The tokenizer.json text; {@code bos} (or null) is what the post-processor prepends. */
    public String tokenizerJson(String bos) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String token : specialTokens) {
            added.addObject()
                    .put("id", specialTokenId(token))
                    .put("content", token)
                    .put("single_word", false)
                    .put("lstrip", false)
                    .put("rstrip", false)
                    .put("normalized", false)
                    .put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel());
        if (bos == null) {
            root.putNull("post_processor");
        } else {
            root.set("post_processor", bosTemplate(bos));
        }
        root.set("decoder", byteLevel());
        root.set("model", model());
        return pretty(root);
    }

    private ObjectNode model() {
        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocabNode = model.putObject("vocab");
        // By id, so the file reads in learning order and is byte-identical across runs.
        vocab.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> vocabNode.put(e.getKey(), e.getValue()));
        ArrayNode mergesNode = model.putArray("merges");
        merges.forEach(mergesNode::add);
        return model;
    }

    private static ObjectNode byteLevel() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", true);
        return node;
    }

    // TemplateProcessing "<s> $A" (pair "<s> $A $B"), as Llama's tokenizer.json writes it.
    private ObjectNode bosTemplate(String bos) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "TemplateProcessing");
        ArrayNode single = node.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = node.putArray("pair");
        pair.addAll(single.deepCopy());
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode spec = node.putObject("special_tokens").putObject(bos);
        spec.put("id", bos);
        spec.putArray("ids").add(specialTokenId(bos));
        spec.putArray("tokens").add(bos);
        return node;
    }

    private static String pretty(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree we built ourselves", e);
        }
    }
}
