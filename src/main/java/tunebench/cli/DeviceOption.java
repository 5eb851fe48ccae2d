package tunebench.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import tunebench.engine.model.ComputeDtype;
import tunebench.engine.model.LoadedModel;
import tunebench.engine.model.ModelLoader;
import tunebench.engine.quant.QuantSpec;
import tunebench.engine.runtime.ComputeDevice;
import tunebench.engine.train.config.ModelSpec;

/** {@code --device cpu|gpu|gpu:N|cuda|cuda:N|auto}, shared by the commands that compute. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu, gpu, gpu:N or auto (the first GPU when CUDA works, else the CPU)."
                    + " See `tunebench gpu`. Default: auto (train: the config's model.device, itself auto by default).")
    String device;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "What the model computes in: float32, float16, or auto (float16 on a GPU,"
                    + " float32 on the CPU). BF16 checkpoints are converted on load."
                    + " Default: auto (train: the config's model.dtype).")
    String dtype;

    /** The device to compute on; says why when it cannot be used. */
    Device pick() {
        return ComputeDevice.pick("--device", device == null ? ModelSpec.DEFAULT_DEVICE : device);
    }

    /** The compute dtype on {@code on}; says why when it cannot be used. */
    DataType dtype(Device on) {
        return ComputeDtype.resolve("--dtype", dtype, on);
    }

    /**
     * Loads the model on the chosen device in the chosen dtype, with its linear weights
     * quantized when {@code quantize} names a type (dequantized into that dtype per pass).
     */
    LoadedModel load(Path model, String quantize) throws IOException {
        QuantSpec quant = QuantizeOption.spec(quantize);
        Device on = pick();
        return ModelLoader.load(model, on, dtype(on), quant);
    }
}
