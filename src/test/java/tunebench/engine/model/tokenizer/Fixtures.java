package tunebench.engine.model.tokenizer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resources under src/test/resources/tokenizer (see the README there for sources). */
final class Fixtures {

    private Fixtures() {}

    static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource tokenizer/" + name, e);
        }
    }
}
