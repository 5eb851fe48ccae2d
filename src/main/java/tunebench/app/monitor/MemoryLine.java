package tunebench.app.monitor;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import tunebench.app.monitor.RunMonitor.Status;
import tunebench.engine.runtime.DeviceMemory;

/**
 * The monitor's memory line while a run goes: the device's use now and the run's own peak
 * where it can be measured ("Memory: 3.1 / 23.4 GB · run peak 4.0 GB"). On the CPU the peak is
 * the process's resident high-water mark, restarted when the run starts; a CUDA device's peak
 * is not exposed by DJL, and the line says so rather than guess.
 */
final class MemoryLine {

    private boolean peakIsRuns;

    /** The label, bound to the run's status and the sampled memory. */
    Label create(ObservableValue<Status> status, ObservableValue<DeviceMemory> memory) {
        Label label = new Label();
        label.setId("monitor-memory");
        label.getStyleClass().addAll("run-info", "muted");
        label.setTooltip(new Tooltip("CPU: this process's resident memory of the computer's RAM; the peak is"
                + " the highest since the run started.\nGPU: the whole device's memory (other programs"
                + " count too); DJL does not report PyTorch's peak."));
        status.addListener((obs, was, now) -> {
            if (now == Status.STARTING) {
                peakIsRuns = DeviceMemory.resetPeak();
            }
        });
        label.textProperty().bind(Bindings.createStringBinding(
                () -> active(status.getValue()) ? text(memory.getValue(), peakIsRuns) : "", status, memory));
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static boolean active(Status s) {
        return s == Status.STARTING || s == Status.RUNNING || s == Status.PAUSED;
    }

    /**
     * "Memory: 3.1 / 23.4 GB · run peak 4.0 GB"; "GPU 0 memory: 5.1 / 24.0 GB (whole device)
     * · peak not available on the GPU".
     *
     * @param peakIsRuns the peak was restarted at the run's start (else it is the process's)
     */
    static String text(DeviceMemory m, boolean peakIsRuns) {
        if (m == null) {
            return "";
        }
        if (m.device().startsWith("gpu")) {
            return "GPU " + m.device().substring(4) + " memory: " + m.usedOfTotal()
                    + " (whole device) · peak not available on the GPU";
        }
        String peak = !m.hasPeak() ? "" : " · " + (peakIsRuns ? "run peak " : "process peak ")
                + DeviceMemory.gb(m.peakBytes()) + " GB";
        return "Memory: " + m.usedOfTotal() + peak;
    }
}
