package tunebench.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import tunebench.engine.model.ComputeDtype;
import tunebench.engine.runtime.ComputeDevice;
import tunebench.engine.train.config.RunConfig;
import tunebench.engine.train.optim.LossScaler;

/**
 * Where a run computes and in what: the device from {@code model.device} and the base's dtype
 * from {@code model.dtype}. In FP16 the base computes in half precision while LoRA weights,
 * optimizer state and the loss stay FP32 and the loss is scaled dynamically (as transformers'
 * Trainer with {@code fp16=True} over a PEFT model); a full run (SFT or DPO) also keeps an FP32
 * master copy of every weight, which AdamW updates (decision 0010).
 */
record RunDevice(Device device, DataType dtype) {

    /**
     * @throws IllegalArgumentException with one sentence when the device cannot be used or the
     *     dtype is unknown
     */
    static RunDevice of(RunConfig config) {
        Device device = ComputeDevice.pick("model.device", config.model().device());
        // auto is FP16 on a GPU for every method: a full run then keeps FP32 master weights
        // (FullTrainable), as transformers' Trainer with fp16=True keeps FP32 parameters
        return new RunDevice(device, ComputeDtype.resolve("model.dtype", config.model().dtype(), device));
    }

    /** A fresh loss scaler (torch's GradScaler defaults) in FP16; null in FP32, which needs none. */
    LossScaler newScaler() {
        return dtype == DataType.FLOAT16 ? new LossScaler(LossScaler.Spec.TORCH) : null;
    }
}
