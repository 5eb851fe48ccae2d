package tunebench.app.train;

import java.util.Map;

/**
 * What the form calls each run-config key, and the line of help its tooltip shows. The key
 * itself is in the tooltip too, so a user can find it in the JSON or pass it to
 * {@code train --set}.
 */
final class FieldLabels {

    /** A field's label and help. */
    record Field(String label, String hint) {}

    private static final Map<String, Field> FIELDS = Map.ofEntries(
            field("name", "Run name", "Names the run and its folder under runs/"),
            field("output_dir", "Run folder", "Where checkpoints, metrics and the result go; empty = runs/<name>"),
            field("seed", "Seed", "Seeds data order, dropout and LoRA init, so a run can be repeated"),
            field("model.path", "Model folder", "The Hugging Face folder to fine-tune; follows the Model screen"),
            field("model.chat_template", "Chat template", "How examples become text: the model's own, or one for base models"),
            field("model.device", "Device", "Where the run computes: auto (the GPU when one can be used, else the CPU), cpu, or gpu:N; cuda / cuda:N also work in the JSON"),
            field("model.gradient_checkpointing", "Checkpointing", "Keep only each layer's input and recompute the layer in backward: far less activation memory for about a third more compute"),
            field("data.train", "Training data", "Alpaca, chat messages or ShareGPT, as JSON or JSONL; follows the Dataset screen"),
            field("data.validation", "Validation file", "Held-out examples for eval loss; empty = split some off the training data"),
            field("data.validation_split", "Validation split", "Share of the training data held out when there is no validation file (0 = none)"),
            field("data.max_length", "Max length", "Tokens per sequence; longer examples are cut"),
            field("data.format", "Data format", "How the records are laid out; detected from the file when left empty"),
            field("data.columns", "CSV columns", "For CSV/TSV: which column holds each field, e.g. instruction=question,output=answer"),
            field("data.packing", "Packing", "Fill each row with several short examples (no attention between them)"),
            field("data.train_on_prompt", "Train on prompt", "Also learn the prompt tokens, not only the answers"),
            field("method.type", "Method", "How the run changes the model"),
            field("method.r", "Rank r", "Rank of the low-rank update: more = more capacity and parameters"),
            field("method.alpha", "Alpha", "Scales the update by alpha / r; often 2 × r"),
            field("method.dropout", "Dropout", "Dropout on the LoRA path only, in [0, 1)"),
            field("method.target_modules", "Target modules", "The linear layers that get an adapter"),
            field("method.use_rslora", "rsLoRA", "Scale by alpha / √r, which keeps high ranks learning"),
            field("method.double_quant", "Double quant", "Quantize the 4-bit weights' scale constants again, to 8 bits: about 0.4 bit a parameter saved"),
            field("method.init_adapter", "Start from adapter", "A PEFT adapter folder to keep training; empty = fresh"),
            field("method.adapter", "Trains", "lora: a LoRA adapter (reference = the adapter off); full: every weight, beside a frozen copy of the model"),
            field("method.beta", "Beta", "How far the policy may move from the reference: lower = further (TRL's default 0.1)"),
            field("method.loss_type", "Loss", "sigmoid (the DPO paper), ipo, hinge or kto_pair"),
            field("method.label_smoothing", "Label smoothing", "Share of preferences assumed flipped, in [0, 0.5); sigmoid loss only"),
            field("method.max_prompt_length", "Max prompt length", "Tokens kept of each prompt (from its end); below Max length"),
            field("method.rpo_alpha", "RPO alpha", "Adds alpha × the chosen answers' token loss (RPO), which keeps their likelihood from falling; 0 = plain DPO"),
            field("method.disable_dropout", "Dropout off", "No dropout in the policy's passes, so policy and reference log-probs compare alike (TRL's default)"),
            field("optim.lr", "Learning rate", "Peak learning rate, reached after warmup"),
            field("optim.weight_decay", "Weight decay", "AdamW's decoupled weight decay"),
            field("optim.max_grad_norm", "Max grad norm", "Clip the global gradient norm to this (0 = no clipping)"),
            field("optim.beta1", "Beta 1", "AdamW's first-moment decay"),
            field("optim.beta2", "Beta 2", "AdamW's second-moment decay"),
            field("optim.eps", "Epsilon", "AdamW's denominator term"),
            field("optim.paged", "Paged", "Keep AdamW's moments in host memory and bring each tensor's to the GPU for its update (no effect on the CPU)"),
            field("schedule.type", "LR schedule", "How the learning rate moves after warmup"),
            field("schedule.warmup_ratio", "Warmup ratio", "Share of the steps spent warming up (used when warmup steps is 0)"),
            field("schedule.warmup_steps", "Warmup steps", "Warmup length in steps; wins over the ratio when above 0"),
            field("schedule.epochs", "Epochs", "Passes over the training data"),
            field("schedule.max_steps", "Steps", "Optimizer steps to run"),
            field("schedule.batch_size", "Batch size", "Examples per forward pass"),
            field("schedule.gradient_accumulation", "Grad accumulation", "Forward passes per optimizer step"),
            field("schedule.log_every", "Log every", "Write metrics every this many steps"),
            field("eval.every_steps", "Evaluate every", "Steps between evaluations (0 = only at the end)"),
            field("eval.probe_prompts", "Probe prompts", "One prompt a line, answered greedily at each evaluation"),
            field("eval.probe_max_new_tokens", "Probe length", "Most new tokens for each probe answer"),
            field("checkpoint.every_steps", "Checkpoint every", "Steps between resumable checkpoints (0 = only at the end)"),
            field("checkpoint.keep_last", "Keep last", "Older checkpoints beyond this many are deleted"));

    private FieldLabels() {}

    private static Map.Entry<String, Field> field(String key, String label, String hint) {
        return Map.entry(key, new Field(label, hint));
    }

    /** The label for a key; the key itself for one the form has no field for. */
    static String label(String key) {
        Field f = FIELDS.get(key);
        return f == null ? key : f.label();
    }

    /** "Peak learning rate, reached after warmup (optim.lr)". */
    static String hint(String key) {
        Field f = FIELDS.get(key);
        return (f == null ? "" : f.hint() + " ") + "(" + key + ")";
    }
}
