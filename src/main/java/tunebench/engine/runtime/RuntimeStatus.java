package tunebench.engine.runtime;

/**
 * How DJL actually started, after {@link DjlRuntime#engine()}: on which libtorch, with how
 * many GPUs, and the sentence that explains a CPU start.
 *
 * @param plan what was decided before the start
 * @param libtorchDir the folder libtorch was loaded from (DJL's own report)
 * @param cuda true when the loaded libtorch is the CUDA one from the plan
 * @param gpuCount GPUs the engine sees (0 on the CPU libtorch)
 * @param note why there is no GPU, or a warning; null when all went as planned
 */
public record RuntimeStatus(CudaPlan plan, String libtorchDir, boolean cuda, int gpuCount, String note) {

    /** The sentence to show when a GPU was wanted and there is none. */
    public String whyNoGpu() {
        return note != null ? note : "the engine sees no GPU";
    }
}
