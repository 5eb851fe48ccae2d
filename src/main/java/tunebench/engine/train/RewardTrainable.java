package tunebench.engine.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.train.config.RewardMethod;
import tunebench.engine.train.reward.RewardModel;
import tunebench.engine.train.reward.ValueHead;

/**
 * What a reward run trains: a LoRA adapter on the frozen base plus the value head, saved as a
 * PEFT adapter ({@code adapter/}) beside {@value ValueHead#FILE} (PEFT's modules_to_save
 * {@code score}) and {@value RewardModel#CONFIG_FILE}, in checkpoints and at the end alike.
 */
final class RewardTrainable implements Trainable {

    private final LoadedModel model;
    private final LoraTrainable lora;
    private final ValueHead head;
    private final ChatTemplate template;
    private final int maxLength;

    private RewardTrainable(LoadedModel model, LoraTrainable lora, ValueHead head,
            ChatTemplate template, int maxLength) {
        this.model = model;
        this.lora = lora;
        this.head = head;
        this.template = template;
        this.maxLength = maxLength;
        head.weight().setRequiresGradient(true);
    }

    static RewardTrainable create(LoadedModel model, RewardMethod m, long seed,
            ChatTemplate template, int maxLength) throws IOException {
        LoraTrainable lora = LoraTrainable.create(model, m.lora(), seed);
        ValueHead head = ValueHead.create(model.model().manager(), model.config().hiddenSize(), seed);
        return new RewardTrainable(model, lora, head, template, maxLength);
    }

    ValueHead head() {
        return head;
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>(lora.parameters());
        out.put(ValueHead.WEIGHT, head.weight());
        return out;
    }

    @Override
    public long trainableCount() {
        return lora.trainableCount() + head.weight().size();
    }

    @Override
    public long totalCount() {
        return lora.totalCount() + head.weight().size();
    }

    @Override
    public void trainMode(boolean training) {
        lora.trainMode(training);
    }

    @Override
    public void saveCheckpoint(Path dir) throws IOException {
        lora.saveCheckpoint(dir); // dir/adapter
        head.write(dir);
        writeConfig(dir);
    }

    @Override
    public void loadCheckpoint(Path dir) throws IOException {
        lora.loadCheckpoint(dir);
        try (SafetensorsReader in = SafetensorsReader.open(dir.resolve(ValueHead.FILE))) {
            Trainable.restore(Map.of(ValueHead.WEIGHT, head.weight()), in);
        }
    }

    /** The run folder itself becomes the reward model: adapter/, the head, reward_config.json. */
    @Override
    public Path saveFinal(Path runDir) throws IOException {
        lora.saveFinal(runDir);
        head.write(runDir);
        writeConfig(runDir);
        return runDir;
    }

    private void writeConfig(Path dir) throws IOException {
        RewardModel.writeConfig(dir, model.folder().dir().toAbsolutePath().normalize().toString(),
                template, maxLength, model.config().hiddenSize());
    }

    @Override
    public void close() {
        head.close();
        lora.close();
    }
}
