package tunebench.engine.data.synth;

/** The README that sits beside the sample files: what each one is, how many records, how to regenerate. */
final class SampleDataReadme {

    private SampleDataReadme() {}

    static String render(long seed, HeldOut<AlpacaRecord> instructions,
                         HeldOut<PreferencePair> preferences, FlawedFile flawed,
                         FlawedFile flawedChat) {
        StringBuilder md = new StringBuilder();
        md.append("# sample-data\n\n")
                .append("Small datasets about the synthetic world Tunebench's tiny base model was pre-trained on\n")
                .append("(countries and capitals, animals, colors, days and months, arithmetic), so a LoRA\n")
                .append("fine-tune on them has a clear, measurable effect. Generated, never hand-edited:\n\n")
                .append("```\njava -jar target/tunebench.jar sample-data --out sample-data --seed " + seed
                        + "\n```\n\n")
                .append("The same seed gives byte-identical files (generator: `tunebench.engine.data.synth`).\n"
                        + "`runs/` holds ready run configs for `train --config` (run them from the project folder).\n\n")
                .append("| File | Format | Records | What it is |\n|---|---|---|---|\n");
        row(md, "instructions.json", "Alpaca JSON array", instructions.train().size(),
                "instruction tuning: world questions answered in a sentence, answers in a set format (one word, a number), turning a fact into its question");
        row(md, "instructions-eval.json", "Alpaca JSON array", instructions.eval().size(),
                "held-out eval; `output` is the reference answer for exact-match scoring; no prompt (instruction and input) appears in the train set");
        row(md, "instructions.jsonl", "chat `messages` JSONL", instructions.train().size(),
                "the train set of instructions.json as user/assistant turns (input after a blank line)");
        row(md, "preferences.jsonl", "prompt/chosen/rejected JSONL", preferences.train().size(),
                "DPO pairs: chosen is concise and polite, rejected is rude or rambling, same facts");
        row(md, "preferences-eval.jsonl", "prompt/chosen/rejected JSONL", preferences.eval().size(),
                "held-out pairs, prompts not in preferences.jsonl");
        row(md, "flawed.jsonl", "Alpaca JSONL", flawed.lines().size(),
                "deliberately broken, for the validator: see the table below");
        row(md, "flawed-chat.jsonl", "chat `messages` JSONL with `category`", flawedChat.lines().size(),
                "deliberately broken conversations, for the validator: see the table below");
        md.append("\n## flawed.jsonl\n\nEvery other line is a valid Alpaca record. The kinds are the ones "
                + "`data validate` reports.\n\n");
        flawTable(md, flawed);
        md.append("\n## flawed-chat.jsonl\n\nEvery other line is a valid conversation in one of four "
                + "categories (geography, animals, arithmetic, colors).\n\n");
        flawTable(md, flawedChat);
        return md.toString();
    }

    private static void flawTable(StringBuilder md, FlawedFile file) {
        md.append("| Line | Kind | Problem |\n|---|---|---|\n");
        for (FlawedFile.Flaw flaw : file.flaws()) {
            md.append("| ").append(flaw.line()).append(" | `").append(flaw.kind()).append("` | ")
                    .append(flaw.description()).append(" |\n");
        }
    }

    private static void row(StringBuilder md, String file, String format, int count, String what) {
        md.append("| `").append(file).append("` | ").append(format).append(" | ").append(count)
                .append(" | ").append(what).append(" |\n");
    }
}
