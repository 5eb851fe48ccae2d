package tunebench.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tunebench.engine.data.synth.VariedInstructions;
import tunebench.engine.model.tokenizer.ChatMessage;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;

/** Where the time of a templated token count goes; only with {@code -Dtb.bench.tokens=true}. */
@EnabledIfSystemProperty(named = "tb.bench.tokens", matches = "true")
class TokenCountSpeedTest {

    private static final Path TINY = Path.of("assets/models/tunebench-tiny");

    @Test
    void profilesCountingTheSampleAndAGeneratedSet() throws Exception {
        List<Example> sample = ExampleSet.read(DatasetDocument.read(Path.of("sample-data/instructions.json")))
                .examples();
        try (TextTokenizer tokenizer = TextTokenizer.load(TINY);
                TemplateTokenCounter counter = TemplateTokenCounter.open(TINY, Optional.empty(),
                        Optional.of(DataFormat.ALPACA))) {
            ChatTemplate template = ChatTemplate.alpaca().withTokens(tokenizer.config());
            SftEncoder tiny = new SftEncoder(tokenizer, ChatTemplate.fromConfig(tokenizer.config()).orElseThrow(),
                    Integer.MAX_VALUE, false);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (Example e : sample) {
                    template.render(e.messages(), false);
                }
                long t1 = System.nanoTime();
                for (Example e : sample) {
                    template.renderWithAssistantSpans(e.messages(), false);
                }
                long t2 = System.nanoTime();
                for (Example e : sample) {
                    tokenizer.encode(e.messages().get(0).content());
                }
                long t3 = System.nanoTime();
                for (Example e : sample) {
                    counter.count(e);
                }
                long t4 = System.nanoTime();
                IntStream.range(0, sample.size()).parallel().forEach(i -> counter.count(sample.get(i)));
                long t5 = System.nanoTime();
                tiny.lengths(sample.stream().map(Example::conversation).toList());
                long t6 = System.nanoTime();
                int n = sample.size();
                System.out.printf("per example: render %.1f us, spans %.1f us, encode %.1f us, count %.1f us;"
                        + " %d counted in %.3f s serial, %.3f s parallel, %.3f s by SftEncoder.lengths%n", (t1 - t0) / 1e3 / n,
                        (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n, (t4 - t3) / 1e3 / n, n,
                        (t4 - t3) / 1e9, (t5 - t4) / 1e9, (t6 - t5) / 1e9);
            }
            int big = Integer.getInteger("tb.bench.tokens.examples", 100_000);
            VariedInstructions.Planted planted = VariedInstructions.generate(1, big);
            Path file = Files.createTempFile("speed", ".jsonl");
            VariedInstructions.writeJsonl(file, planted.records());
            List<Example> generated = ExampleSet.read(DatasetDocument.read(file)).examples();
            Files.delete(file);
            List<Example> all = generated;
            long t6 = System.nanoTime();
            IntStream.range(0, all.size()).parallel().forEach(i -> counter.count(all.get(i)));
            long t7 = System.nanoTime();
            tiny.lengths(all.stream().map(Example::conversation).toList());
            System.out.printf("%d generated counted one by one in parallel: %.2f s, SftEncoder.lengths: %.2f s%n",
                    all.size(), (t7 - t6) / 1e9, (System.nanoTime() - t7) / 1e9);
        }
    }

    /** The Dataset screen's length histogram over long examples (each answer ten times over). */
    @Test
    void profilesTheHistogramOfLongExamples() throws Exception {
        int n = Integer.getInteger("tb.bench.tokens.long", 20_000);
        List<Conversation> longOnes = VariedInstructions.generate(2, n).records().stream()
                .map(r -> Conversation.of(ChatMessage.user(r.instruction()),
                        ChatMessage.assistant((r.output() + " ").repeat(10))))
                .toList();
        try (TextTokenizer tokenizer = TextTokenizer.load(TINY)) {
            TemplatePreviewer previewer = TemplatePreviewer.forFormat(tokenizer, DataFormat.MESSAGES);
            previewer.lengths(longOnes.subList(0, 1000), done -> { }, () -> false);
            long t0 = System.nanoTime();
            int[] lengths = previewer.lengths(longOnes, done -> { }, () -> false);
            System.out.printf("histogram of %d long examples (mean %.0f tokens): %.2f s%n", n,
                    Arrays.stream(lengths).average().orElse(0), (System.nanoTime() - t0) / 1e9);
        }
    }
}
