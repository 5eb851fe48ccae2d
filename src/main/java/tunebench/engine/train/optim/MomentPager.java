package tunebench.engine.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Moves AdamW's moments between host memory, where a paged optimizer keeps them between steps,
 * and the parameter's device, where its update runs (the idea of bitsandbytes' paged
 * optimizers, transformers' {@code optim="paged_adamw_32bit"}, done per tensor: device memory
 * holds one parameter's moments at a time). When host and device are the same, as on the CPU,
 * the moment is used where it lies and nothing is copied.
 */
final class MomentPager {

    private final NDManager host;
    /** Tests set this to copy even when the devices match, so the copy path runs on the CPU. */
    private boolean alwaysCopy;
    private long copies;

    /** @param host the manager (on the host device) that owns the moments between steps */
    MomentPager(NDManager host) {
        this.host = host;
    }

    void alwaysCopy(boolean on) {
        this.alwaysCopy = on;
    }

    /** Moment copies made so far, in and out. */
    long copies() {
        return copies;
    }

    /** The moment on {@code device} for an update: itself, or a copy the step's scope frees. */
    NDArray pageIn(NDArray moment, Device device) {
        if (device.equals(moment.getDevice())) {
            if (!alwaysCopy) {
                return moment;
            }
            copies++;
            return moment.duplicate(); // belongs to the host manager and the step's scope
        }
        copies++;
        return moment.toDevice(device, true);
    }

    /**
     * After the update: the moment to keep in host memory. {@code staged} is what
     * {@link #pageIn} returned; when it was a copy, the updated values come back into a new
     * host array and the old one is closed.
     */
    NDArray pageOut(NDArray moment, NDArray staged) {
        if (staged == moment) {
            return moment;
        }
        copies++;
        NDArray back = staged.getDevice().equals(host.getDevice()) ? staged.duplicate()
                : staged.toDevice(host.getDevice(), true);
        back.attach(host); // a cross-device copy lands in a temporary sub-manager
        NDScope.unregister(back); // the step's scope must not close the kept moment
        NDManager staging = staged.getManager();
        if (staging != host) {
            // toDevice made a sub-manager for the device copy: close it, or one piles up per copy
            staging.close();
        }
        moment.close();
        return back;
    }
}
