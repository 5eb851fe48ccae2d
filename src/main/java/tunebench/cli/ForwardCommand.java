package tunebench.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.io.AtomicFiles;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.Casts;
import tunebench.engine.model.LoadedModel;

/** {@code forward}: logits of given token ids, written as JSON for comparison with Python. */
@Command(mixinStandardHelpOptions = true, name = "forward", description = "Run the model on token ids and write the logits as JSON.")
final class ForwardCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--ids", required = true, paramLabel = "IDS",
            description = "Token ids: sequences separated by commas, ids by spaces, e.g. \"1 2 3,4 5 6\".")
    String ids;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "JSON file to write: {\"logits\": [batch][seq][vocab]}.")
    Path out;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Apply this LoRA adapter (PEFT format).")
    Path adapter;

    @Option(names = "--quantize", paramLabel = "TYPE", description = QuantizeOption.DESCRIPTION)
    String quantize;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        deviceOption.dtype(deviceOption.pick()); // a bad --device or --dtype fails before loading
        List<long[]> seqs = TokenIds.parse(ids);
        int length = seqs.get(0).length;
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i).length != length) {
                throw new IllegalArgumentException("--ids: all sequences must have the same length;"
                        + " sequence 1 has " + length + " ids, sequence " + (i + 1) + " has "
                        + seqs.get(i).length);
            }
        }
        try (LoadedModel lm = deviceOption.load(model, quantize);
                NDManager m = lm.model().manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            TokenIds.checkRange(seqs, lm.config().vocabSize());
            if (adapter != null) {
                PeftAdapterReader.read(lm.model(), "adapter", adapter).activate(false);
            }
            NDArray logits = lm.model().forward(m.create(seqs.toArray(new long[0][])), null, null,
                    null, false); // (batch, seq, vocab)
            // The file always holds float32, whatever --dtype computed, so runs compare directly.
            logits = Casts.to(logits, DataType.FLOAT32);
            long[] shape = logits.getShape().getShape();
            write(logits.toFloatArray(), shape);
            spec.commandLine().getErr().printf("Wrote logits %s to %s%n",
                    logits.getShape(), out.toAbsolutePath().normalize());
        }
        return 0;
    }

    private void write(float[] values, long[] shape) throws java.io.IOException {
        AtomicFiles.writeStream(out, stream -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(stream)) {
                g.writeStartObject();
                g.writeFieldName("logits");
                int i = 0;
                g.writeStartArray();
                for (long b = 0; b < shape[0]; b++) {
                    g.writeStartArray();
                    for (long s = 0; s < shape[1]; s++) {
                        g.writeStartArray();
                        for (long v = 0; v < shape[2]; v++) {
                            g.writeNumber(values[i++]);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }
}
