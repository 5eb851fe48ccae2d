package tunebench.engine.train.dpo;

/**
 * One preference pair as token ids, the way TRL's {@code DPOTrainer.tokenize_row} leaves it:
 * the prompt (BOS first when the model uses one) and the two completions, each ending with
 * EOS or the template's end-of-turn token. The sequences trained on are prompt + chosen and
 * prompt + rejected; only completion tokens carry labels.
 *
 * @param truncated whether max_length / max_prompt_length cut anything
 */
public record PreferenceExample(long[] prompt, long[] chosen, long[] rejected, int line,
        boolean truncated) {

    public PreferenceExample {
        if (prompt.length == 0 || chosen.length == 0 || rejected.length == 0) {
            throw new IllegalArgumentException("prompt, chosen and rejected need a token each");
        }
    }

    /** The longer of the two sequences, in tokens. */
    public int length() {
        return prompt.length + Math.max(chosen.length, rejected.length);
    }
}
