package tunebench.engine.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tunebench.engine.quant.QuantSpec;

/**
 * QLoRA: LoRA on a base whose frozen linear weights are stored as 4-bit NormalFloat
 * (Dettmers et al., https://arxiv.org/abs/2305.14314). The adapter settings are LoRA's; the
 * storage settings are named as in the QLoRA repository's {@code qlora.py}, with
 * bitsandbytes' {@code BitsAndBytesConfig} equivalents: {@code quant_type} =
 * {@code bnb_4bit_quant_type}, {@code double_quant} = {@code bnb_4bit_use_double_quant},
 * {@code compute_dtype} = {@code bnb_4bit_compute_dtype}. The adapter saves in PEFT's format,
 * like any LoRA adapter.
 *
 * @param quantType storage of the frozen weights: {@value QuantSpec#NF4}
 * @param doubleQuant quantize the per-block absmax constants again, to 8 bits
 * @param computeDtype what the weights are dequantized into for the matmuls
 */
public record QloraMethod(
        int r,
        double alpha,
        double dropout,
        List<String> targetModules,
        boolean useRslora,
        String initAdapter,
        String quantType,
        boolean doubleQuant,
        String computeDtype) implements Method {

    public static final String TYPE = "qlora";
    /** The CPU computes in float32 (float16 matmuls crawl there; DJL cannot hold bfloat16). */
    public static final List<String> COMPUTE_DTYPES = List.of("float32");

    public QloraMethod {
        targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
        Objects.requireNonNull(quantType, "quantType");
        Objects.requireNonNull(computeDtype, "computeDtype");
    }

    /** QLoRA's recipe: every projection, NF4 with double quantization. */
    public static QloraMethod defaults() {
        LoraMethod lora = LoraMethod.defaults();
        return new QloraMethod(lora.r(), lora.alpha(), lora.dropout(), lora.targetModules(),
                lora.useRslora(), lora.initAdapter(), QuantSpec.NF4, true, "float32");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The adapter part, which trains and saves exactly as a LoRA run's does. */
    public LoraMethod lora() {
        return new LoraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter);
    }

    /** How the base is stored while it trains. */
    public QuantSpec quantSpec() {
        return new QuantSpec(quantType, doubleQuant, tunebench.engine.quant.Nf4.DEFAULT_BLOCK_SIZE);
    }

    public double scaling() {
        return lora().scaling();
    }

    /** A QLoRA run with the adapter settings of {@code lora}. */
    public QloraMethod withLora(LoraMethod lora) {
        return new QloraMethod(lora.r(), lora.alpha(), lora.dropout(), lora.targetModules(),
                lora.useRslora(), lora.initAdapter(), quantType, doubleQuant, computeDtype);
    }

    public QloraMethod withR(int rank) {
        return withLora(lora().withR(rank));
    }

    public QloraMethod withAlpha(double a) {
        return withLora(lora().withAlpha(a));
    }

    public QloraMethod withDropout(double d) {
        return withLora(lora().withDropout(d));
    }

    public QloraMethod withTargetModules(List<String> modules) {
        return withLora(lora().withTargetModules(modules));
    }

    public QloraMethod withDoubleQuant(boolean dq) {
        return new QloraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter,
                quantType, dq, computeDtype);
    }

    public QloraMethod withQuantType(String type) {
        return new QloraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter,
                type, doubleQuant, computeDtype);
    }

    public QloraMethod withComputeDtype(String dtype) {
        return new QloraMethod(r, alpha, dropout, targetModules, useRslora, initAdapter,
                quantType, doubleQuant, dtype);
    }

    @Override
    public List<ConfigProblem> validate() {
        List<ConfigProblem> out = new ArrayList<>(lora().validate());
        if (!QuantSpec.TYPES.contains(quantType)) {
            out.add(new ConfigProblem("quant_type", "'" + quantType + "' is not supported;"
                    + " use " + String.join(" or ", QuantSpec.TYPES)
                    + ("fp4".equals(quantType) ? " (QLoRA found NF4 better than FP4)" : "")));
        }
        if (!COMPUTE_DTYPES.contains(computeDtype)) {
            out.add(new ConfigProblem("compute_dtype", "'" + computeDtype + "' is not supported:"
                    + " training runs on the CPU, which computes in float32"
                    + ("bfloat16".equals(computeDtype) ? " (DJL cannot hold bfloat16)" : "")));
        }
        return out;
    }
}
