package tunebench.engine.train.optim;

import java.util.Locale;

/**
 * Learning rate per optimizer step, equal to Hugging Face transformers' schedulers
 * (get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup, constant variants): a
 * linear warmup from 0, then a half-cosine (Loshchilov and Hutter, https://arxiv.org/abs/1608.03983)
 * or linear decay to 0, or a constant.
 */
public record LrSchedule(Kind kind, double peakLr, int warmupSteps, int totalSteps) {

    /** Scheduler kinds under transformers' {@code lr_scheduler_type} names. */
    public enum Kind {
        COSINE("cosine"),
        LINEAR("linear"),
        /** transformers' "constant" ignores warmup; kept so configs mean what they mean there. */
        CONSTANT("constant"),
        CONSTANT_WITH_WARMUP("constant_with_warmup");

        private final String hfName;

        Kind(String hfName) {
            this.hfName = hfName;
        }

        public String hfName() {
            return hfName;
        }
    }

    /** transformers' default: half a cosine period, from the peak down to 0. */
    private static final double NUM_CYCLES = 0.5;

    public LrSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is required");
        }
        if (!(peakLr >= 0) || Double.isInfinite(peakLr)) {
            throw new IllegalArgumentException("peak learning rate must be finite and >= 0: " + peakLr);
        }
        if (warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException(
                    "warmup and total steps must be >= 0: " + warmupSteps + ", " + totalSteps);
        }
    }

    /** {@code type} is a transformers name: cosine, linear, constant, constant_with_warmup. */
    public static LrSchedule of(String type, double peakLr, int warmupSteps, int totalSteps) {
        String name = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.hfName.equals(name)) {
                return new LrSchedule(k, peakLr, warmupSteps, totalSteps);
            }
        }
        throw new IllegalArgumentException("unknown learning rate schedule \"" + type
                + "\"; known: cosine, linear, constant, constant_with_warmup");
    }

    /** transformers' get_warmup_steps for a warmup ratio: ceil(ratio * total). */
    public static int warmupSteps(double ratio, int totalSteps) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("warmup ratio must be in [0, 1]: " + ratio);
        }
        return (int) Math.ceil(ratio * totalSteps);
    }

    /**
     * The learning rate for the optimizer step with index {@code step} (0 is the first step,
     * which gets 0 under warmup, as with transformers' LambdaLR).
     */
    public double lr(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0: " + step);
        }
        return peakLr * multiplier(step);
    }

    /** The LambdaLR multiplier, in transformers' arithmetic so results agree to the last bit. */
    private double multiplier(int step) {
        if (kind == Kind.CONSTANT) {
            return 1.0;
        }
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        return switch (kind) {
            case COSINE -> {
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * NUM_CYCLES * 2.0 * progress)));
            }
            case LINEAR -> Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
            default -> 1.0;
        };
    }
}
