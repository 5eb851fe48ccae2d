package tunebench.engine.train.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tunebench.engine.model.Casts;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorSource;

/**
 * The scalar value head of a reward model: transformers' {@code LlamaForSequenceClassification}
 * {@code score} layer with {@code num_labels=1}, a Linear(hidden → 1) without bias read at the
 * last non-padding token of each row. Kept in float32 and saved as {@code score.weight} in
 * {@value #FILE}, the name PEFT's {@code modules_to_save} gives it.
 */
public final class ValueHead implements AutoCloseable {

    public static final String WEIGHT = "score.weight";
    public static final String FILE = "value_head.safetensors";

    private final NDArray weight; // (1, hidden) float32

    private ValueHead(NDArray weight) {
        this.weight = weight;
    }

    /**
     * A fresh head, normal with std 1/√(hidden+1) (a unit-variance hidden state then gives
     * rewards of about unit scale), drawn from {@code seed} so a run repeats.
     */
    public static ValueHead create(NDManager manager, int hidden, long seed) {
        Random random = new Random(seed * 31 + 7);
        float[] w = new float[hidden];
        double std = 1 / Math.sqrt(hidden + 1.0);
        for (int i = 0; i < hidden; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return new ValueHead(manager.create(w, new Shape(1, hidden)));
    }

    /** The head saved in {@code dir}/{@value #FILE}. */
    public static ValueHead read(NDManager manager, Path dir) throws IOException {
        try (SafetensorsReader in = SafetensorsReader.open(dir.resolve(FILE))) {
            return new ValueHead(in.read(WEIGHT, manager, DataType.FLOAT32));
        }
    }

    public void write(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve(FILE), Map.of("format", "pt"),
                List.of(TensorSource.of(WEIGHT, weight)));
    }

    public NDArray weight() {
        return weight;
    }

    /**
     * The reward of each row: the head on the hidden state of its last real token.
     *
     * @param hidden (rows, seq, hidden) the final-norm hidden states
     * @param attentionMask (rows, seq) 1 for real tokens, right-padded
     * @return (rows,) float32
     */
    public NDArray rewards(NDArray hidden, long[][] attentionMask) {
        int rows = attentionMask.length;
        int seq = attentionMask[0].length;
        float[] pick = new float[rows * seq]; // one-hot at each row's last real token
        for (int i = 0; i < rows; i++) {
            int last = 0;
            for (int j = 0; j < seq; j++) {
                if (attentionMask[i][j] != 0) {
                    last = j;
                }
            }
            pick[i * seq + last] = 1f;
        }
        NDManager m = hidden.getManager();
        NDArray select = m.create(pick, new Shape(rows, seq, 1)); // (rows, seq, 1)
        NDArray last = Casts.to(hidden, DataType.FLOAT32).mul(select).sum(new int[] {1}); // (rows, hidden)
        return last.matMul(weight.transpose()).reshape(rows); // (rows, 1) -> (rows,)
    }

    @Override
    public void close() {
        weight.close();
    }
}
