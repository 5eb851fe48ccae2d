package tunebench.engine.runtime;

import java.nio.file.Path;

/**
 * One folder that may hold a CUDA libtorch, and the verdict on it.
 *
 * @param source where it came from ("PYTORCH_LIBRARY_PATH", "saved setting", "Python torch", "DJL cache")
 * @param dir the folder that holds libtorch.so / torch.dll
 * @param version "2.7.1+cu128", or null when the folder does not say
 * @param problem null when DJL can start on it, else the sentence that says why not
 * @param warning a doubt that does not refuse it (unknown version, other CUDA build), or null
 */
public record LibtorchCandidate(String source, Path dir, String version, String problem, String warning) {

    public boolean usable() {
        return problem == null;
    }

    /** "DJL cache /home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64: usable (2.7.1+cu128)". */
    public String describe() {
        String verdict = problem != null ? problem
                : "usable" + (version != null ? " (" + version + ")" : "") + (warning != null ? "; " + warning : "");
        return source + " " + dir + ": " + verdict;
    }
}
