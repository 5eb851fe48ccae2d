package tunebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import tunebench.engine.data.DataFormat;
import tunebench.engine.data.TemplateTokenCounter;

/** The model whose tokenizer and chat template count a dataset's tokens. */
final class DataModelOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Count tokens with this model's tokenizer and chat template.")
    Path model;

    @Option(names = "--chat-template", paramLabel = "NAME",
            description = "chatml or alpaca; default: the model's own, else the format's (as training picks it).")
    String chatTemplate;

    /** The counter, or empty without {@code --model}; the caller closes it. */
    Optional<TemplateTokenCounter> open(Optional<DataFormat> format) throws IOException {
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(TemplateTokenCounter.open(model, Optional.ofNullable(chatTemplate), format));
    }
}
