package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Driver detection from the text a machine would give. */
class GpuProbeTest {

    private static final String PROC_570 = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.133.07"
            + "  Fri Mar 14 13:12:07 UTC 2025\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";
    private static final String PROC_OPEN_535 = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64"
            + "  535.183.01  Release Build  (dvs-builder@U16-I3-B03-4-3)\n";

    @Test
    void noDriverSaysSoAndWhy() {
        GpuReport r = GpuProbe.fromOutputs(Optional.empty(), Optional.empty(), "not on PATH", false);
        assertFalse(r.usable());
        assertNull(r.driverVersion());
        assertEquals("No NVIDIA driver found (no /proc/driver/nvidia/version, and nvidia-smi: not on PATH):"
                + " Tunebench runs on the CPU.", r.problem());
    }

    @Test
    void oldDriverNamesTheVersionNeeded() {
        GpuReport r = GpuProbe.fromOutputs(Optional.of(PROC_OPEN_535),
                Optional.of("0, NVIDIA GeForce RTX 3090, 24576, 535.183.01\n"), "", false);
        assertFalse(r.usable());
        assertEquals("535.183.01", r.driverVersion());
        assertEquals(1, r.gpus().size(), "the GPU is still reported");
        assertEquals("NVIDIA driver 535.183.01 is too old for CUDA 12.8, which needs 570.26 or newer on Linux:"
                + " update the driver to use the GPU; Tunebench runs on the CPU until then.", r.problem());
    }

    @Test
    void goodDriverWithOneGpu() {
        GpuReport r = GpuProbe.fromOutputs(Optional.of(PROC_570),
                Optional.of("0, NVIDIA GeForce RTX 4090, 24564, 570.133.07\n"), "", false);
        assertTrue(r.usable());
        assertEquals(List.of(new GpuReport.Gpu(0, "NVIDIA GeForce RTX 4090", 24564)), r.gpus());
        assertEquals("driver 570.133.07, GPU 0: NVIDIA GeForce RTX 4090 (24.0 GiB)", r.sentence());
    }

    @Test
    void goodDriverWithTwoGpus() {
        GpuReport r = GpuProbe.fromOutputs(Optional.empty(), Optional.of(
                "0, NVIDIA RTX A5000, 24564, 575.51.03\r\n1, NVIDIA RTX A5000, 24564, 575.51.03\r\n"), "", false);
        assertTrue(r.usable());
        assertEquals(List.of(0, 1), r.gpus().stream().map(GpuReport.Gpu::index).toList());
    }

    @Test
    void garbledOutputIsNotTakenForAGpu() {
        GpuReport r = GpuProbe.fromOutputs(Optional.of(PROC_570), Optional.of(
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"), "", false);
        assertFalse(r.usable());
        assertTrue(r.gpus().isEmpty());
        assertTrue(r.problem().startsWith("nvidia-smi gave an answer Tunebench cannot read: 'NVIDIA-SMI has failed"),
                r.problem());
        GpuReport fields = GpuProbe.fromOutputs(Optional.empty(), Optional.of("0, X, [N/A], 570.1\n"), "", false);
        assertFalse(fields.usable());
    }

    @Test
    void driverLoadedButNvidiaSmiMissing() {
        GpuReport r = GpuProbe.fromOutputs(Optional.of(PROC_570), Optional.empty(), "not on PATH", false);
        assertFalse(r.usable());
        assertEquals("570.133.07", r.driverVersion());
        assertEquals("NVIDIA driver 570.133.07 is loaded but nvidia-smi could not list the GPUs (not on PATH).",
                r.problem());
    }

    @Test
    void windowsNeedsANewerDriverThanLinux() {
        Optional<String> smi = Optional.of("0, NVIDIA GeForce RTX 4080, 16376, 570.50\n");
        assertTrue(GpuProbe.fromOutputs(Optional.empty(), smi, "", false).usable());
        GpuReport win = GpuProbe.fromOutputs(Optional.empty(), smi, "", true);
        assertFalse(win.usable());
        assertTrue(win.problem().contains("needs 570.65 or newer on Windows"), win.problem());
    }

    @Test
    void comparesVersionsNumerically() {
        assertTrue(GpuProbe.compareVersions("570.133.07", "570.26") > 0);
        assertTrue(GpuProbe.compareVersions("570.9", "570.26") < 0);
        assertEquals(0, GpuProbe.compareVersions("570.26", "570.26.00"));
        assertTrue(GpuProbe.compareVersions("1000.1", "999.99") > 0);
    }

    @Test
    void thisMachineAnswersQuickly() {
        long t0 = System.nanoTime();
        GpuReport r = GpuProbe.probe();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("probe on this machine (" + ms + " ms): " + r.sentence());
        assertTrue(ms < 10_000, "the probe must never hang: " + ms + " ms");
        assertEquals(r.problem() == null && !r.gpus().isEmpty(), r.usable());
    }
}
