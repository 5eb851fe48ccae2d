package tunebench.engine.train.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import tunebench.engine.adapter.LoraAdapter;
import tunebench.engine.adapter.PeftAdapterReader;
import tunebench.engine.model.CausalLm;

/**
 * The frozen model DPO measures the policy against (the π_ref of
 * https://arxiv.org/abs/2305.18290), without holding a second copy of the base where LoRA
 * allows it. As TRL does with a PEFT model and {@code ref_model=None}: the reference is the
 * same network with the policy adapter switched off, or, when training continues an SFT
 * adapter, a frozen second copy of that adapter on the same base (TRL's {@code "ref"} adapter).
 * Only full fine-tuning needs a separate reference model. Log-probs of the reference are
 * computed with grad mode off, so they are constants to the loss.
 */
public final class DpoReference implements AutoCloseable {

    /** The name the frozen copy of a starting adapter gets beside the policy's. */
    public static final String REFERENCE_ADAPTER = "reference";

    private final CausalLm model;
    private final Runnable useReference;
    private final Consumer<Boolean> usePolicy;
    private final AutoCloseable owned;
    private boolean training = true;
    private boolean dropout = true;

    private DpoReference(CausalLm model, Runnable useReference, Consumer<Boolean> usePolicy,
            AutoCloseable owned) {
        this.model = model;
        this.useReference = useReference;
        this.usePolicy = usePolicy;
        this.owned = owned;
    }

    /** Reference = the base alone: a fresh LoRA policy switched off. */
    public static DpoReference baseModel(LoraAdapter policy) {
        CausalLm model = policy.model();
        return new DpoReference(model, () -> LoraAdapter.deactivateAll(model), policy::activate, null);
    }

    /**
     * Reference = base + {@code reference}, both adapters on one base, one active at a time.
     * The reference adapter's weights must not require gradients; the caller keeps owning it.
     */
    public static DpoReference frozenAdapter(LoraAdapter policy, LoraAdapter reference) {
        if (policy.model() != reference.model()) {
            throw new IllegalArgumentException("policy and reference adapters sit on different models");
        }
        return new DpoReference(policy.model(), () -> reference.activate(false), policy::activate, null);
    }

    /**
     * Continuing an SFT adapter: the policy was loaded from {@code adapterDir} and trains; a
     * second, frozen copy is read from the same folder as the reference, so the policy starts
     * exactly at the reference (all rewards 0 at step 0) as users expect. Closing this removes
     * the copy.
     */
    public static DpoReference frozenCopy(LoraAdapter policy, Path adapterDir) throws IOException {
        LoraAdapter copy = PeftAdapterReader.read(policy.model(), REFERENCE_ADAPTER, adapterDir);
        return new DpoReference(policy.model(), () -> copy.activate(false), policy::activate, copy);
    }

    /** Full fine-tuning: a separate frozen model; this takes ownership and closes it. */
    public static DpoReference separateModel(CausalLm reference) {
        return new DpoReference(reference, () -> {}, training -> {}, reference);
    }

    /**
     * TRL's {@code disable_dropout=True}: the policy runs without LoRA dropout even while it
     * trains, so its log-probs and the reference's are measured alike. Returns this.
     */
    public DpoReference withoutPolicyDropout() {
        dropout = false;
        usePolicy.accept(training && dropout);
        return this;
    }

    /** Makes the policy the one forward passes use (training turns on LoRA dropout). */
    public void usePolicy(boolean trainingMode) {
        this.training = trainingMode;
        usePolicy.accept(trainingMode && dropout);
    }

    /**
     * The reference's log-probs of every row's completion (TRL's {@code
     * compute_reference_log_probs}), then the policy switched back on as it was.
     *
     * @param inputIds (rows, seq), in the step's manager; the result lands there too
     * @param positionIds (rows, seq), or null to derive them from the mask
     * @return (rows,) float32 constants
     */
    public NDArray logProbs(NDArray inputIds, NDArray attentionMask, NDArray positionIds,
            NDArray labels, boolean average) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            useReference.run();
            NDArray logits = model.forward(inputIds, attentionMask, positionIds, null, false);
            return SequenceLogProbs.of(logits, labels, average).stopGradient();
        } finally {
            usePolicy.accept(training && dropout);
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not free the DPO reference: " + e.getMessage(), e);
            }
        }
    }
}
