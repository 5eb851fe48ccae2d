package tunebench.engine.data;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.runtime.DjlRuntime;

/** The hand-made byte-level BPE in test resources tokenizer/tiny-bpe (ids 0..265). */
final class TinyBpe {

    private TinyBpe() {}

    static TextTokenizer load() throws IOException {
        DjlRuntime.configure();
        try {
            Path dir = Path.of(TinyBpe.class.getResource("/tokenizer/tiny-bpe").toURI());
            return TextTokenizer.load(dir);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
