package tunebench.engine.runtime;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The device a user asked for, in the words run configs and the CLI accept: {@code cpu},
 * {@code gpu} / {@code gpu:N} (DJL's names), {@code cuda} / {@code cuda:N} (PyTorch's), or
 * {@code auto} (the first GPU when the engine has CUDA, else the CPU).
 *
 * @param kind what was asked
 * @param index the GPU index for {@code gpu:N}, or -1 when none was named
 */
public record DeviceChoice(Kind kind, int index) {

    public enum Kind { CPU, GPU, AUTO }

    public static final String ACCEPTED = "cpu, gpu, gpu:N, cuda, cuda:N or auto";
    private static final Pattern FORM = Pattern.compile("(cpu|auto)|(gpu|cuda)(?::(\\d{1,3}))?");

    public DeviceChoice {
        if (kind == null || index < -1 || (kind != Kind.GPU && index != -1)) {
            throw new IllegalArgumentException("impossible device choice " + kind + ":" + index);
        }
    }

    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, -1);
    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, -1);

    /** Parses a device name; case and surrounding spaces do not matter. */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            String got = text == null ? "nothing" : "'" + text + "'";
            throw new IllegalArgumentException("device must be " + ACCEPTED + ", got " + got);
        }
        if (m.group(1) != null) {
            return m.group(1).equals("cpu") ? CPU : AUTO;
        }
        return new DeviceChoice(Kind.GPU, m.group(3) == null ? -1 : Integer.parseInt(m.group(3)));
    }

    /** True when the text parses. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The DJL device this choice means on an engine that sees {@code gpuCount} GPUs.
     *
     * @param whyNoGpu the sentence saying why there is no GPU, used when gpuCount is 0
     * @throws IllegalArgumentException when a GPU was asked for and cannot be had
     */
    public Device resolve(int gpuCount, String whyNoGpu) {
        switch (kind) {
            case CPU:
                return Device.cpu();
            case AUTO:
                return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            default:
                if (gpuCount == 0) {
                    throw new IllegalArgumentException(this + ", but no GPU can be used: " + whyNoGpu);
                }
                int i = Math.max(index, 0);
                if (i >= gpuCount) {
                    String found = IntStream.range(0, gpuCount).mapToObj(Integer::toString)
                            .collect(Collectors.joining(", "));
                    throw new IllegalArgumentException(this + ", but only " + gpuCount
                            + (gpuCount == 1 ? " GPU was" : " GPUs were") + " found (" + found + ")");
                }
                return Device.gpu(i);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.GPU ? (index < 0 ? "gpu" : "gpu:" + index) : kind.name().toLowerCase(Locale.ROOT);
    }
}
