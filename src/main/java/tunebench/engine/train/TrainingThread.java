package tunebench.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import tunebench.engine.runtime.DjlRuntime;

/**
 * Readies a fresh thread to run a {@link TrainingRun}. PyTorch's grad mode is per thread and
 * on in a new one; DJL turns it off only on the thread that loads the engine. The run expects
 * it off outside its GradientCollector, as it is on the CLI's main thread: resuming copies the
 * checkpoint into the parameters in place, which PyTorch refuses on a leaf that requires grad
 * while grad mode is on ("a leaf Variable that requires grad is being used in an in-place
 * operation"). A GUI starts each run on a new thread, so it calls this there first.
 */
public final class TrainingThread {

    private TrainingThread() {}

    /** Call on the thread that will call {@link TrainingRun#run}, before it. */
    public static void prepare() {
        DjlRuntime.engine();
        JniUtils.setGradMode(false);
    }
}
