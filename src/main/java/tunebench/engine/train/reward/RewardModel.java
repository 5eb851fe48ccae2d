package tunebench.engine.train.reward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.model.tokenizer.ChatTemplate;
import tunebench.engine.model.tokenizer.TextTokenizer;
import tunebench.engine.train.dpo.DpoBatch;
import tunebench.engine.train.dpo.PreferenceEncoder;
import tunebench.engine.train.dpo.PreferenceExample;
import tunebench.engine.train.dpo.PreferencePair;

/**
 * A trained reward model, reloaded: the base, its PEFT adapter ({@code adapter/}), the value
 * head ({@value ValueHead#FILE}) and {@value #CONFIG_FILE} (the base and the chat template the
 * pairs were rendered with), so a (prompt, response) scores as it did in training.
 */
public final class RewardModel implements AutoCloseable {

    public static final String CONFIG_FILE = "reward_config.json";
    public static final String ADAPTER_DIR = "adapter";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadedModel lm;
    private final LoraAdapter adapter;
    private final ValueHead head;
    private final ChatTemplate template;
    private final int maxLength;

    private RewardModel(LoadedModel lm, LoraAdapter adapter, ValueHead head, ChatTemplate template,
            int maxLength) {
        this.lm = lm;
        this.adapter = adapter;
        this.head = head;
        this.template = template;
        this.maxLength = maxLength;
    }

    /** Writes {@value #CONFIG_FILE}: what {@link #load} needs beside the adapter and head. */
    public static void writeConfig(Path dir, String baseModel, ChatTemplate template, int maxLength,
            int hiddenSize) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("architectures", "LlamaForSequenceClassification");
        c.put("base_model_name_or_path", baseModel);
        c.put("num_labels", 1);
        c.put("hidden_size", hiddenSize);
        c.put("value_head", ValueHead.WEIGHT);
        c.put("max_length", maxLength);
        ObjectNode t = c.putObject("chat_template");
        t.put("name", template.name());
        t.put("source", template.source());
        t.put("bos_token", template.bosToken());
        t.put("eos_token", template.eosToken());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CONFIG_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
    }

    /** Loads the base in {@code modelDir} with the reward model in {@code rewardDir}, FP32 on the CPU. */
    public static RewardModel load(Path modelDir, Path rewardDir) throws IOException {
        return load(modelDir, rewardDir, Device.cpu(), DataType.FLOAT32);
    }

    /**
     * Loads the base on {@code device}, computing in {@code computeType}, with the reward model
     * in {@code rewardDir} on it. The adapter and the value head stay float32 whatever the base
     * computes in (as in FP16 training), so only the decoder's rounding moves the score.
     */
    public static RewardModel load(Path modelDir, Path rewardDir, Device device,
            DataType computeType) throws IOException {
        readConfig(rewardDir); // a wrong folder fails before the base is loaded
        LoadedModel lm = ModelLoader.load(modelDir, device, computeType);
        try {
            return on(lm, rewardDir);
        } catch (IOException | RuntimeException e) {
            lm.close();
            throw e;
        }
    }

    /**
     * The reward model in {@code rewardDir} on an already loaded base, on the base's device;
     * the result owns {@code lm} and closes it. On failure the caller still owns {@code lm}.
     */
    public static RewardModel on(LoadedModel lm, Path rewardDir) throws IOException {
        JsonNode c = readConfig(rewardDir);
        JsonNode t = c.path("chat_template");
        ChatTemplate template = new ChatTemplate(t.path("name").asText(null),
                t.path("source").asText(), t.path("bos_token").asText(null),
                t.path("eos_token").asText(null));
        if (c.path("hidden_size").asInt() != lm.config().hiddenSize()) {
            throw new IOException(rewardDir + " was trained on a base with hidden_size "
                    + c.path("hidden_size").asInt() + ", " + lm.folder().dir() + " has "
                    + lm.config().hiddenSize());
        }
        LoraAdapter adapter = PeftAdapterReader.read(lm.model(), "reward",
                rewardDir.resolve(ADAPTER_DIR));
        try {
            adapter.activate(false); // on, without dropout
            ValueHead head = ValueHead.read(lm.model().manager(), rewardDir); // the model's device
            return new RewardModel(lm, adapter, head, template, c.path("max_length").asInt(1024));
        } catch (IOException | RuntimeException e) {
            adapter.close();
            throw e;
        }
    }

    private static JsonNode readConfig(Path rewardDir) throws IOException {
        Path configFile = rewardDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(rewardDir + " holds no " + CONFIG_FILE
                    + ": not the folder a reward run wrote");
        }
        return JSON.readTree(configFile.toFile());
    }

    /** The base model, on the device it was loaded on. */
    public LoadedModel model() {
        return lm;
    }

    /** The value head, float32 on the base's device. */
    public ValueHead head() {
        return head;
    }

    /** The reward of {@code response} to a one-turn {@code prompt}. */
    public double score(String prompt, String response) {
        TextTokenizer tok = lm.tokenizer().orElseThrow(() -> new IllegalStateException(
                "the base model has no tokenizer.json"));
        PreferenceEncoder encoder = new PreferenceEncoder(tok, template, maxLength,
                Math.max(1, maxLength / 2));
        PreferenceExample e = encoder.encode(PreferencePair.of(prompt, response, response));
        DpoBatch batch = DpoBatch.of(List.of(e), lm.padTokenId());
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager work = lm.model().manager().newSubManager()) {
            NDArray r = RewardForward.rewards(lm.model(), head, batch, work);
            return r.getFloat(0);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        head.close();
        adapter.close();
        lm.close();
    }
}
