package tunebench.app;

/**
 * What one part of the workbench is doing, for the status bar: "Training sft-lora · step
 * 40/225 · 1 min left". Progress is 0..1, or -1 when it cannot be measured.
 */
public record Activity(String text, double progress) {

    public static Activity indeterminate(String text) {
        return new Activity(text, -1);
    }
}
