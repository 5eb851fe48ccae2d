package tunebench.engine.model;

import java.util.List;
import java.util.Optional;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * A model ready to run: its folder, config, generation defaults, the network, and the
 * tokenizer when the folder has one. Closing it frees the weights.
 *
 * @param unusedTensors tensors in the checkpoint the architecture does not use (reported)
 */
public record LoadedModel(
        CheckpointFolder folder,
        ModelConfig config,
        GenerationConfig generationConfig,
        CausalLm model,
        TextTokenizer tokenizerOrNull,
        List<String> unusedTensors) implements AutoCloseable {

    public Optional<TextTokenizer> tokenizer() {
        return Optional.ofNullable(tokenizerOrNull);
    }

    /** Stop tokens: generation_config.json's, else config.json's, else the tokenizer's eos. */
    public List<Long> eosTokenIds() {
        if (!generationConfig.eosTokenIds().isEmpty()) {
            return generationConfig.eosTokenIds();
        }
        if (!config.eosTokenIds().isEmpty()) {
            return config.eosTokenIds();
        }
        if (tokenizerOrNull != null && tokenizerOrNull.eosId().isPresent()) {
            return List.of(tokenizerOrNull.eosId().getAsLong());
        }
        return List.of();
    }

    /** End-of-turn tokens of common chat templates, which also end a chat answer. */
    private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|eot_id|>", "</s>");

    /**
     * Where a chat answer ends: the EOS ids plus the end-of-turn markers the tokenizer knows
     * (a ChatML answer ends at <|im_end|>, which is not always the configured EOS).
     */
    public List<Long> chatStopTokenIds() {
        List<Long> stops = new java.util.ArrayList<>(eosTokenIds());
        if (tokenizerOrNull != null) {
            for (String marker : END_OF_TURN) {
                tokenizerOrNull.tokenId(marker).ifPresent(id -> {
                    if (!stops.contains(id)) {
                        stops.add(id);
                    }
                });
            }
        }
        return stops;
    }

    /** The id used to pad prompts on the left (never attended to, so any id works). */
    public long padTokenId() {
        if (config.padTokenId() != null) {
            return config.padTokenId();
        }
        if (generationConfig.padTokenId() != null) {
            return generationConfig.padTokenId();
        }
        List<Long> eos = eosTokenIds();
        return eos.isEmpty() ? 0L : eos.get(0);
    }

    @Override
    public void close() {
        model.close();
        if (tokenizerOrNull != null) {
            tokenizerOrNull.close();
        }
    }
}
