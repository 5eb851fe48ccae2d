package tunebench.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import tunebench.engine.model.ComputeDtype;
import tunebench.engine.runtime.ComputeDevice;
import tunebench.engine.train.config.DpoMethod;
import tunebench.engine.train.config.FullMethod;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.optim.LossScaler;

/**
 * Where a run computes and in what: the device from {@code model.device} and the base's dtype
 * from {@code model.dtype}. In FP16 the frozen base computes in half precision while LoRA
 * weights, optimizer state and the loss stay FP32 and the loss is scaled dynamically (as
 * transformers' Trainer with {@code fp16=True} over a PEFT model).
 */
record RunDevice(Device device, DataType dtype) {

    /**
     * @throws IllegalArgumentException with one sentence when the device cannot be used, the
     *     dtype is unknown, or the method cannot train in that dtype
     */
    static RunDevice of(RunConfig config) {
        Device device = ComputeDevice.pick("model.device", config.model().device());
        String asked = config.model().dtype();
        boolean full = trainsWholeModel(config);
        if (full && (asked == null || asked.strip().equalsIgnoreCase(ComputeDtype.AUTO))) {
            // Pure-FP16 weights cannot take AdamW's small updates; auto keeps full runs in FP32.
            return new RunDevice(device, DataType.FLOAT32);
        }
        DataType dtype = ComputeDtype.resolve("model.dtype", asked, device);
        if (full && dtype == DataType.FLOAT16) {
            throw new IllegalArgumentException("model.dtype float16: full fine-tuning in FP16 needs"
                    + " FP32 master weights beside the FP16 ones, which Tunebench does not keep yet;"
                    + " set model.dtype to float32 (or auto), or train LoRA or QLoRA, whose adapter"
                    + " trains in FP32 over an FP16 base");
        }
        return new RunDevice(device, dtype);
    }

    /** Whether the base's own weights train (full SFT, full DPO). */
    static boolean trainsWholeModel(RunConfig config) {
        return config.method() instanceof FullMethod
                || (config.method() instanceof DpoMethod d && !d.trainsLora());
    }

    /** A fresh loss scaler (torch's GradScaler defaults) in FP16; null in FP32, which needs none. */
    LossScaler newScaler() {
        return dtype == DataType.FLOAT16 ? new LossScaler(LossScaler.Spec.TORCH) : null;
    }
}
