package tunebench.engine.train.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.LoraSpec;
import tunebench.engine.adapter.PeftAdapterWriter;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatTemplate;

/**
 * A reward model's folder as a reward run writes it, without the run: a LoRA adapter whose B
 * is random (so it changes the hidden states, unlike a fresh B = 0), a random value head and
 * {@value RewardModel#CONFIG_FILE}. Seconds instead of a training run, for tests of loading.
 */
public final class RewardFolders {

    private RewardFolders() {}

    /** Writes the folder into {@code dir} for the base in {@code model}; returns {@code dir}. */
    public static Path write(Path model, Path dir, long seed) throws IOException {
        try (LoadedModel lm = ModelLoader.load(model)) {
            int hidden = lm.config().hiddenSize();
            try (LoraAdapter adapter = LoraAdapter.create(lm.model(), "reward",
                    LoraSpec.of(4, 8, 0, List.of("q_proj", "v_proj"), false), seed)) {
                for (var e : adapter.parameters().entrySet()) {
                    if (e.getKey().contains("lora_B")) {
                        NDArray b = e.getValue();
                        b.addi(b.getManager().randomNormal(0f, 0.05f, b.getShape(), DataType.FLOAT32));
                    }
                }
                PeftAdapterWriter.write(adapter, dir.resolve(RewardModel.ADAPTER_DIR), model.toString());
            }
            try (ValueHead head = ValueHead.create(lm.model().manager(), hidden, seed)) {
                head.write(dir);
            }
            RewardModel.writeConfig(dir, model.toString(),
                    ChatTemplate.chatml().withTokens(lm.tokenizer().orElseThrow().config()), 64, hidden);
        }
        return dir;
    }
}
