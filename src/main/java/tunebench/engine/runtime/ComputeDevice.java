package tunebench.engine.runtime;

import ai.djl.Device;

/**
 * The device a run or command computes on, from the user's words. The choice is parsed and
 * checked against what the engine sees now, so a GPU request fails with the reason there is
 * no GPU ("model.device gpu, but no GPU can be used: No NVIDIA driver found ..."). Models,
 * adapters, optimizer state and batches are all created on the device picked here (their
 * managers descend from the model's), so nothing silently stays on the CPU.
 */
public final class ComputeDevice {

    /** True since the model, adapters and optimizer run on a CUDA device (issue 9, part B). */
    static final boolean GPU_COMPUTE = true;

    private ComputeDevice() {}

    /**
     * @param key what the user set, for messages: "model.device" or "--device"
     * @param text the device as written
     * @throws IllegalArgumentException with one sentence when the device cannot be used
     */
    public static Device pick(String key, String text) {
        DeviceChoice choice;
        try {
            choice = DeviceChoice.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        if (choice.kind() == DeviceChoice.Kind.CPU) {
            return Device.cpu(); // no engine start needed to know that
        }
        Device device;
        try {
            device = DjlRuntime.device(choice);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " " + e.getMessage(), e);
        }
        if (device.isGpu() && !GPU_COMPUTE) {
            if (choice.kind() == DeviceChoice.Kind.AUTO) {
                return Device.cpu();
            }
            throw new IllegalArgumentException(key + " " + choice + ": GPU " + device.getDeviceId()
                    + " is ready, but Tunebench cannot compute on the GPU yet; use cpu or auto");
        }
        return device;
    }
}
