package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up decision, branch by branch. */
class CudaPlanTest {

    private static final GpuReport GOOD = GpuProbe.fromOutputs(Optional.empty(),
            Optional.of("0, NVIDIA GeForce RTX 4090, 24564, 570.133.07\n"), "", false);
    private static final GpuReport NONE = GpuProbe.fromOutputs(Optional.empty(), Optional.empty(), "not on PATH", false);

    @Test
    void noDriverMeansNoSearchAndTheCpu() {
        CudaPlan p = CudaPlan.decide(NONE, () -> fail("no search without a driver"), null);
        assertNull(p.chosen());
        assertEquals(Map.of(), p.properties());
        assertEquals(NONE.problem(), p.note());
    }

    @Test
    void noUsableLibtorchSaysWhatWasTriedAndHowToFixIt() {
        LibtorchCandidate old = new LibtorchCandidate("Python torch", Path.of("/py/torch/lib"), "2.5.0+cu121",
                "found 2.5.0+cu121, DJL 0.36 needs 2.7.1 (cu128)", null);
        CudaPlan p = CudaPlan.decide(GOOD, () -> List.of(old), null);
        assertNull(p.chosen());
        assertTrue(p.note().startsWith("CUDA libtorch not found (Python torch /py/torch/lib: found 2.5.0+cu121,"
                + " DJL 0.36 needs 2.7.1 (cu128)): run `tunebench gpu --download-cuda`"), p.note());
    }

    @Test
    void aUsableLibtorchSetsPathFlavorAndVersion() {
        LibtorchCandidate bad = new LibtorchCandidate("PYTORCH_LIBRARY_PATH", Path.of("/x"), null, "not found: no such folder", null);
        LibtorchCandidate good = new LibtorchCandidate("DJL cache", Path.of("/c/2.7.1-cu128-linux-x86_64"), "2.7.1+cu128", null, null);
        CudaPlan p = CudaPlan.decide(GOOD, () -> List.of(bad, good), null);
        assertEquals(good, p.chosen());
        assertEquals(Map.of("PYTORCH_LIBRARY_PATH", "/c/2.7.1-cu128-linux-x86_64", "PYTORCH_FLAVOR", "cu128",
                "PYTORCH_VERSION", "2.7.1"), p.properties());
    }

    @Test
    void theSwitchKeepsItOnTheCpu() {
        CudaPlan p = CudaPlan.decide(GOOD, () -> fail("no search when switched off"), "off");
        assertEquals("CUDA is switched off (TUNEBENCH_CUDA=off).", p.note());
        assertEquals(Map.of(), p.properties());
    }

    @Test
    void thisMachineStartsOnTheCpuAndSaysWhy() {
        RuntimeStatus s = DjlRuntime.status();
        System.out.println("engine: " + s.libtorchDir() + ", GPUs " + s.gpuCount() + ", note: " + s.note());
        if (s.gpuCount() == 0) {
            assertTrue(s.note() != null && !s.note().isBlank(), "a CPU start always says why");
            assertEquals("cpu()", DjlRuntime.device(DeviceChoice.AUTO).toString());
        }
    }
}
