package tunebench.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.ChatTemplateException;
import tunebench.engine.model.tokenizer.TextTokenizer;

/**
 * Counts with a model's tokenizer and chat template through {@link SftEncoder}, the encoder
 * training uses, with no length limit: so a count is exactly the length training would cut at
 * its max length, piecewise tokenization and BOS included.
 */
public final class TemplateTokenCounter implements TokenCounter, AutoCloseable {

    private final TextTokenizer tokenizer;
    private final SftEncoder encoder;
    private final int contextLength;
    private final String name;
    private final boolean ownsTokenizer;

    public TemplateTokenCounter(TextTokenizer tokenizer, ChatTemplate template, int contextLength,
            String name) {
        this(tokenizer, template, contextLength, name, false);
    }

    private TemplateTokenCounter(TextTokenizer tokenizer, ChatTemplate template, int contextLength,
            String name, boolean ownsTokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.encoder = new SftEncoder(tokenizer, template, Integer.MAX_VALUE, false);
        if (contextLength < 1) {
            throw new IllegalArgumentException("context length must be at least 1, not " + contextLength);
        }
        this.contextLength = contextLength;
        this.name = name;
        this.ownsTokenizer = ownsTokenizer;
    }

    /**
     * The counter of a model folder (its tokenizer.json, tokenizer_config.json and config.json),
     * with the named template or, as training picks it, the model's own or the format's default.
     */
    public static TemplateTokenCounter open(Path modelDir, Optional<String> templateName,
            Optional<DataFormat> format) throws IOException {
        ModelConfig config = ModelConfig.read(modelDir);
        TextTokenizer tokenizer = TextTokenizer.load(modelDir);
        try {
            ChatTemplate template = templateName.isPresent()
                    ? ChatTemplate.named(templateName.get())
                    : SftEncoder.defaultTemplate(tokenizer, format.map(DataFormat::label).orElse("messages"));
            String folder = modelDir.toAbsolutePath().normalize().getFileName().toString();
            return new TemplateTokenCounter(tokenizer, template, config.maxPositionEmbeddings(),
                    folder + ", " + template.name() + " template", true);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public int count(Example example) {
        int chosen = tokens(example.conversation());
        return example.isPreference() ? Math.max(chosen, tokens(example.rejectedConversation())) : chosen;
    }

    private int tokens(Conversation conversation) {
        try {
            return encoder.encode(conversation).length();
        } catch (ChatTemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public int countText(String text) {
        return text.isEmpty() ? 0 : tokenizer.encode(text, false).length;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public String describe() {
        return "tokens (" + name + ")";
    }

    @Override
    public void close() {
        if (ownsTokenizer) {
            tokenizer.close();
        }
    }
}
