package tunebench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tunebench.engine.model.Architectures;
import tunebench.engine.model.ModelConfig;
import tunebench.engine.model.ModelInfo;
import tunebench.engine.model.llama.LlamaLayout;
import tunebench.engine.quant.Nf4Footprint;
import tunebench.engine.quant.QuantSpec;

/** {@code info --model DIR}: what a checkpoint is, read from its headers without loading it. */
@Command(mixinStandardHelpOptions = true, name = "info", description = "Describe a Hugging Face model folder without loading it.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--quantize", paramLabel = "TYPE",
            description = "Also report the memory a quantized load takes: nf4 (QLoRA's storage).")
    String quantize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelInfo info = ModelInfo.inspect(model);
        ModelConfig c = info.config();
        var out = spec.commandLine().getOut();
        out.printf("Model:          %s%n", model.toAbsolutePath().normalize());
        out.printf("Architecture:   %s (model_type %s)%s%n", c.architecture(), c.modelType(),
                info.supported() ? "" : "  NOT SUPPORTED: Tunebench runs "
                        + String.join(", ", Architectures.supported()));
        out.printf("Layers:         %d%n", c.numHiddenLayers());
        out.printf("Hidden size:    %d (intermediate %d)%n", c.hiddenSize(), c.intermediateSize());
        out.printf("Heads:          %d attention, %d key/value (head dim %d)%n",
                c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim());
        out.printf("Vocabulary:     %d%n", c.vocabSize());
        out.printf("Context:        %d positions, rope theta %s%s%n", c.maxPositionEmbeddings(),
                trim(c.ropeTheta()), c.ropeScaling().isNone() ? ""
                        : ", rope scaling " + c.ropeScaling().type() + " x" + trim(c.ropeScaling().factor()));
        out.printf("Tied embedding: %s%n", c.tieWordEmbeddings() ? "yes" : "no");
        out.printf("Parameters:     %s (%,d)%n", human(info.parameterCount(), ""), info.parameterCount());
        out.printf("Stored dtype:   %s (config says %s)%n", info.parametersByDtype(), c.torchDtype());
        out.printf("Weights:        %s in %d tensors%s%n", bytes(info.folder().bytesOnDisk()),
                info.tensorCount(), info.folder().sharded() ? " (sharded)" : "");
        out.printf("Memory to load: %s in float32 (CPU), %s in float16 (GPU)%n",
                bytes(info.loadBytesFloat32()), bytes(info.loadBytesFloat16()));
        QuantSpec quant = QuantizeOption.spec(quantize);
        if (quant != null && info.supported()) {
            printQuantized(info, quant);
        }
        out.printf("Tokenizer:      %s%n", info.folder().hasTokenizer() ? "tokenizer.json" : "none");
        return 0;
    }

    /**
     * What {@code --quantize nf4} would hold, from shapes alone: the decoder's linear weights
     * as NF4 (with and without double quantization), everything else in float32.
     */
    private void printQuantized(ModelInfo info, QuantSpec quant) {
        var shapes = LlamaLayout.quantizedShapes(info.config()).values();
        Nf4Footprint dq = Nf4Footprint.estimate(shapes, quant.withDoubleQuant(true));
        Nf4Footprint single = Nf4Footprint.estimate(shapes, quant.withDoubleQuant(false));
        long rest = info.parameterCount() - dq.parameters();
        var out = spec.commandLine().getOut();
        out.printf("Memory as NF4:  %s (CPU): %s linear weights in %s, %s other parameters in"
                + " float32 (%s)%n", bytes(dq.totalBytes() + 4 * rest), human(dq.parameters(), ""),
                bytes(dq.totalBytes()), human(rest, ""), bytes(4 * rest));
        out.printf("NF4 bytes/param: %.4f = codes %.4f + absmax %.4f double-quantized"
                + " (%.4f without: %.4f + %.4f)%n", dq.weightBytesPerParameter(),
                dq.codeBytesPerParameter(), dq.constantBytesPerParameter(),
                single.weightBytesPerParameter(), single.codeBytesPerParameter(),
                single.constantBytesPerParameter());
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String human(long n, String unit) {
        if (n >= 1_000_000_000L) {
            return String.format("%.2fB%s", n / 1e9, unit);
        }
        if (n >= 1_000_000L) {
            return String.format("%.2fM%s", n / 1e6, unit);
        }
        if (n >= 1_000L) {
            return String.format("%.1fK%s", n / 1e3, unit);
        }
        return n + unit;
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format("%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format("%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return String.format("%.1f KiB", b / 1024.0);
        }
        return b + " bytes";
    }
}
