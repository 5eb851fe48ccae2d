package tunebench.cli;

import ai.djl.Device;
import picocli.CommandLine.Option;
import tunebench.engine.runtime.ComputeDevice;

/** {@code --device cpu|gpu|gpu:N|cuda|cuda:N|auto}, shared by the commands that compute. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu, gpu, gpu:N or auto (the first GPU when CUDA works, else the CPU)."
                    + " See `tunebench gpu`. Default: cpu (train: the config's model.device).")
    String device;

    /** The device to compute on; says why when it cannot be used. */
    Device pick() {
        return ComputeDevice.pick("--device", device == null ? "cpu" : device);
    }
}
