package tunebench.engine.data.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import tunebench.engine.io.AtomicFiles;

/**
 * The sample datasets in sample-data/: instructions (Alpaca and chat), preference pairs and a
 * deliberately flawed file, all about the same World the base model was pre-trained on, so a
 * LoRA fine-tune has something it can visibly steer. Same seed, byte-identical files.
 */
public final class SampleData {

    public static final long DEFAULT_SEED = 42L;
    public static final int TRAIN_INSTRUCTIONS = 1200;
    public static final int EVAL_INSTRUCTIONS = 120;
    public static final int TRAIN_PREFERENCES = 1000;
    public static final int EVAL_PREFERENCES = 100;

    private SampleData() {}

    /** Train and held-out eval instructions; no eval instruction text appears in train. */
    public static HeldOut<AlpacaRecord> instructions(long seed, int train, int eval) {
        return HeldOut.draw(new SplittableRandom(seed), InstructionTasks.FAMILIES,
                AlpacaRecord::prompt, AlpacaRecord::prompt, train, eval);
    }

    /** {@code n} train instructions and n / 10 eval ones. */
    public static HeldOut<AlpacaRecord> instructions(long seed, int n) {
        return instructions(seed, n, n / 10);
    }

    /** The chat form: {"messages": [user: instruction (+ blank line + input), assistant: output]}. */
    public static List<Map<String, Object>> toMessages(List<AlpacaRecord> records) {
        return records.stream().map(r -> SynthJson.object("messages", List.of(
                SynthJson.object("role", "user", "content", r.prompt()),
                SynthJson.object("role", "assistant", "content", r.output())))).toList();
    }

    /** Train and held-out preference pairs, split by prompt. */
    public static HeldOut<PreferencePair> preferences(long seed, int train, int eval) {
        return HeldOut.draw(new SplittableRandom(seed), List.of(PreferencePairs::next),
                PreferencePair::prompt, PreferencePair::prompt, train, eval);
    }

    /** {@code n} train pairs and n / 10 eval ones. */
    public static HeldOut<PreferencePair> preferences(long seed, int n) {
        return preferences(seed, n, n / 10);
    }

    /** The flawed Alpaca file and where its problems are; it does not depend on the seed. */
    public static FlawedFile flawed() {
        return FlawedFile.create();
    }

    /** The flawed chat file (messages with categories); it does not depend on the seed. */
    public static FlawedFile flawedChat() {
        return FlawedChatFile.create();
    }

    /** Writes every sample file and the README into {@code dir}, each atomically. */
    public static void writeAll(Path dir, long seed) throws IOException {
        HeldOut<AlpacaRecord> instructions = instructions(seed, TRAIN_INSTRUCTIONS, EVAL_INSTRUCTIONS);
        // A different stream for preferences, so changing one family never reshuffles the other file.
        HeldOut<PreferencePair> preferences =
                preferences(seed ^ 0x5DEECE66DL, TRAIN_PREFERENCES, EVAL_PREFERENCES);
        FlawedFile flawed = flawed();
        FlawedFile flawedChat = flawedChat();
        AtomicFiles.writeString(dir.resolve("instructions.json"),
                SynthJson.pretty(instructions.train().stream().map(AlpacaRecord::toJson).toList()));
        AtomicFiles.writeString(dir.resolve("instructions-eval.json"),
                SynthJson.pretty(instructions.eval().stream().map(AlpacaRecord::toJson).toList()));
        SynthJson.writeLines(dir.resolve("instructions.jsonl"), toMessages(instructions.train()));
        SynthJson.writeLines(dir.resolve("preferences.jsonl"),
                preferences.train().stream().map(PreferencePair::toJson).toList());
        SynthJson.writeLines(dir.resolve("preferences-eval.jsonl"),
                preferences.eval().stream().map(PreferencePair::toJson).toList());
        SynthJson.writeRawLines(dir.resolve("flawed.jsonl"), flawed.lines());
        SynthJson.writeRawLines(dir.resolve("flawed-chat.jsonl"), flawedChat.lines());
        AtomicFiles.writeString(dir.resolve("README.md"),
                SampleDataReadme.render(seed, instructions, preferences, flawed, flawedChat));
    }

    /** {@code SampleData [dir] [seed]}; defaults: sample-data, 42. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "sample-data");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        writeAll(dir, seed);
        System.out.println("wrote sample data to " + dir.toAbsolutePath());
    }
}
