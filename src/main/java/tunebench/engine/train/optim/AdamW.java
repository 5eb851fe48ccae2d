package tunebench.engine.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tunebench.engine.model.safetensors.SafeDtype;
import tunebench.engine.model.safetensors.SafetensorsException;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.model.safetensors.SafetensorsWriter;
import tunebench.engine.model.safetensors.TensorEntry;
import tunebench.engine.model.safetensors.TensorSource;
import tunebench.engine.model.safetensors.TensorStore;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter, https://arxiv.org/abs/1711.05101),
 * step for step as torch.optim.AdamW, in place on DJL parameters. DJL's own AdamW hides its
 * moments; here they live in arrays this optimizer owns, so a checkpoint can save and resume them.
 */
public final class AdamW implements AutoCloseable {

    /** Name of the scalar step count in saved state; moments are {@code m.<param>}, {@code v.<param>}. */
    public static final String STEP = "step";

    private final NDManager manager;
    private final List<Slot> slots = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final MomentPager pager;
    private long step;

    /** One parameter and its moments; the moments are replaced on {@link #loadState}. */
    private static final class Slot {
        final String name;
        final PtNDArray param;
        final double decay;
        NDArray m;
        NDArray v;

        Slot(String name, PtNDArray param, double decay) {
            this.name = name;
            this.param = param;
            this.decay = decay;
        }
    }

    /**
     * Creates zeroed moments for {@code params} (in this order, which is also the save order).
     * Parameters named like biases or norm weights get no weight decay (see {@link #decays}).
     */
    public AdamW(Map<String, NDArray> params, double beta1, double beta2, double eps,
            double weightDecay) {
        this(params, beta1, beta2, eps, weightDecay, false);
    }

    /**
     * Like {@link #AdamW(Map, double, double, double, double)}; with {@code paged} the moments
     * live in host (CPU) memory and visit the parameter's device only for its update
     * (optim.paged), which frees device memory for activations at the cost of two copies per
     * moment and step. On the CPU host and device coincide and nothing is copied.
     */
    public AdamW(Map<String, NDArray> params, double beta1, double beta2, double eps,
            double weightDecay, boolean paged) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        requireRange("beta1", beta1, 0, 1);
        requireRange("beta2", beta2, 0, 1);
        if (!(eps >= 0) || !(weightDecay >= 0) || Double.isInfinite(eps + weightDecay)) {
            throw new IllegalArgumentException(
                    "eps and weight decay must be finite and >= 0: " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        NDArray first = params.values().iterator().next();
        this.manager = first.getManager().newSubManager(paged ? Device.cpu() : first.getDevice());
        this.pager = paged ? new MomentPager(manager) : null;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (!(e.getValue() instanceof PtNDArray p) || !p.hasGradient()) {
                throw new IllegalArgumentException("parameter \"" + e.getKey()
                        + "\" must be a PyTorch array with setRequiresGradient(true)");
            }
            Slot s = new Slot(e.getKey(), p, decays(e.getKey()) ? weightDecay : 0);
            s.m = manager.zeros(p.getShape(), p.getDataType(), manager.getDevice());
            s.v = manager.zeros(p.getShape(), p.getDataType(), manager.getDevice());
            // A caller's step scope would otherwise close the moments when it ends.
            NDScope.unregister(s.m, s.v);
            slots.add(s);
        }
    }

    /** False for biases and norm weights, which Hugging Face's Trainer leaves undecayed. */
    public static boolean decays(String name) {
        return !(name.equals("bias") || name.endsWith(".bias")
                || name.toLowerCase(Locale.ROOT).contains("norm"));
    }

    /** Steps taken so far (torch's {@code state["step"]}). */
    public long stepCount() {
        return step;
    }

    /**
     * One update of every parameter that has a gradient, then zeroes the gradients (the
     * collector only ever accumulates). Parameters no backward pass reached are skipped, as
     * torch skips those whose grad is None.
     */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0: " + lr);
        }
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = lr / biasCorrection1;
        // Parameters require grad: libtorch refuses in-place ops on them while recording.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // One scope per tensor: its temporaries (gradient wrapper, scalars, denominator) die
        // before the next tensor's are made, so the step's peak is one tensor's worth, not four
        // float32 copies of every parameter. Params and moments change only in place.
        try {
            for (Slot s : slots) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    update(s, lr, stepSize, biasCorrection2Sqrt);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Zeroes every gradient without an update: a step skipped for a gradient overflow (FP16
     * loss scaling) leaves parameters, moments and the step count as they were, as torch's
     * GradScaler skips {@code optimizer.step()}.
     */
    public void zeroGradients() {
        for (Slot s : slots) {
            NDArray grad = JniUtils.getGradient(s.param); // null where no backward reached
            if (grad != null) {
                JniUtils.zeroGrad(s.param);
                grad.close();
            }
        }
    }

    private void update(Slot s, double lr, double stepSize, double biasCorrection2Sqrt) {
        NDArray grad = JniUtils.getGradient(s.param);
        if (grad == null) {
            return;
        }
        NDArray m = pager == null ? s.m : pager.pageIn(s.m, s.param.getDevice());
        NDArray v = pager == null ? s.v : pager.pageIn(s.v, s.param.getDevice());
        // Same order of operations as torch's _single_tensor_adamw.
        if (s.decay != 0) {
            s.param.muli(1 - lr * s.decay);
        }
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
        NDArray denom = v.sqrt().divi(biasCorrection2Sqrt).addi(eps);
        s.param.subi(m.div(denom).muli(stepSize));
        JniUtils.zeroGrad(s.param);
        if (pager != null) {
            s.m = pager.pageOut(s.m, m);
            s.v = pager.pageOut(s.v, v);
        }
    }

    /**
     * The step count and moments as named tensors for a safetensors file. The moments are read
     * when the writer reaches them: write before the next {@link #step}.
     */
    public List<TensorSource> state() {
        List<TensorSource> out = new ArrayList<>(1 + 2 * slots.size());
        ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, step);
        out.add(TensorSource.raw(STEP, SafeDtype.I64, new long[0], count));
        for (Slot s : slots) {
            out.add(TensorSource.of("m." + s.name, s.m));
            out.add(TensorSource.of("v." + s.name, s.v));
        }
        return out;
    }

    /** Writes {@link #state()} with the hyper-parameters as metadata (for a reader's benefit). */
    public void save(Path file) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("optimizer", "adamw");
        metadata.put("betas", beta1 + "," + beta2);
        metadata.put("eps", Double.toString(eps));
        metadata.put("weight_decay", Double.toString(weightDecay));
        SafetensorsWriter.write(file, metadata, state());
    }

    /** Restores what {@link #save} wrote; see {@link #loadState}. */
    public void load(Path file) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            loadState(reader);
        }
    }

    /**
     * Replaces the step count and moments with those in {@code store}. Everything is checked
     * first, and every problem (missing tensor, wrong shape, moments of an unknown parameter)
     * is reported in one exception, so a failed load leaves this optimizer unchanged.
     */
    public void loadState(TensorStore store) throws IOException {
        List<String> problems = new ArrayList<>();
        checkEntry(store, STEP, new long[0], problems);
        if (store.contains(STEP) && store.entry(STEP).dtype() != SafeDtype.I64) {
            problems.add("tensor \"" + STEP + "\" must be I64, found " + store.entry(STEP).dtype());
        }
        Set<String> expected = new HashSet<>();
        for (Slot s : slots) {
            long[] shape = s.param.getShape().getShape();
            for (String name : List.of("m." + s.name, "v." + s.name)) {
                checkEntry(store, name, shape, problems);
                expected.add(name);
            }
        }
        for (String name : store.names()) {
            if ((name.startsWith("m.") || name.startsWith("v.")) && !expected.contains(name)) {
                problems.add("tensor \"" + name + "\" is state of a parameter this optimizer lacks");
            }
        }
        if (!problems.isEmpty()) {
            throw new SafetensorsException(
                    store.file() + ": not this optimizer's state: " + String.join("; ", problems));
        }
        long loadedStep = store.readRaw(STEP).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        List<NDArray> loaded = new ArrayList<>();
        try {
            for (Slot s : slots) {
                loaded.add(store.read("m." + s.name, manager, s.param.getDataType()));
                loaded.add(store.read("v." + s.name, manager, s.param.getDataType()));
            }
        } catch (IOException | RuntimeException e) {
            loaded.forEach(NDArray::close);
            throw e;
        }
        loaded.forEach(NDScope::unregister);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            s.m.close();
            s.v.close();
            s.m = loaded.get(2 * i);
            s.v = loaded.get(2 * i + 1);
        }
        step = loadedStep;
    }

    /** The manager that owns the moments (tests count its arrays). */
    NDManager stateManager() {
        return manager;
    }

    /** Whether the moments are paged to host memory (optim.paged). */
    public boolean isPaged() {
        return pager != null;
    }

    /** The paging mechanism, or null when the moments stay on the device (tests). */
    MomentPager pager() {
        return pager;
    }

    /** The moments of one parameter, {m, v}, as they are now (tests). */
    NDArray[] moments(String name) {
        for (Slot s : slots) {
            if (s.name.equals(name)) {
                return new NDArray[] {s.m, s.v};
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** Frees the moments; the parameters are the caller's. */
    @Override
    public void close() {
        manager.close();
    }

    private static void checkEntry(TensorStore store, String name, long[] shape,
            List<String> problems) throws SafetensorsException {
        if (!store.contains(name)) {
            problems.add("tensor \"" + name + "\" is missing");
            return;
        }
        TensorEntry e = store.entry(name);
        if (!Arrays.equals(e.shape(), shape)) {
            problems.add("tensor \"" + name + "\" has shape " + Arrays.toString(e.shape())
                    + " but the parameter has " + Arrays.toString(shape));
        }
    }

    private static void requireRange(String what, double value, double low, double high) {
        if (!(value >= low && value < high)) {
            throw new IllegalArgumentException(what + " must be in [" + low + ", " + high + "): " + value);
        }
    }
}
