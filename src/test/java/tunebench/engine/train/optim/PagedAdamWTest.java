package tunebench.engine.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;

/**
 * optim.paged: the moments live in a host manager and travel to the parameter's device and
 * back for each update. On the CPU the devices coincide, so the tests force the copies to run
 * the whole path, and check it updates exactly as the resident optimizer does.
 */
class PagedAdamWTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        DjlRuntime.configure();
        manager = DjlRuntime.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void pagedMomentsLiveInHostMemoryAndUpdateAsResidentOnes() {
        Map<String, NDArray> resident = params();
        Map<String, NDArray> paged = params();
        try (AdamW a = new AdamW(resident, 0.9, 0.999, 1e-8, 0.1);
                AdamW b = new AdamW(paged, 0.9, 0.999, 1e-8, 0.1, true)) {
            assertFalse(a.isPaged());
            assertNull(a.pager());
            assertTrue(b.isPaged());
            assertEquals(Device.cpu(), b.stateManager().getDevice());
            b.pager().alwaysCopy(true);
            for (int t = 1; t <= 5; t++) {
                grads(resident, t);
                grads(paged, t);
                a.step(1e-2);
                b.step(1e-2);
                for (String name : resident.keySet()) {
                    assertArrayEquals(resident.get(name).toFloatArray(), paged.get(name).toFloatArray(),
                            1e-7f, name + " at step " + t);
                    NDArray[] ma = a.moments(name);
                    NDArray[] mb = b.moments(name);
                    assertArrayEquals(ma[1].toFloatArray(), mb[1].toFloatArray(), 1e-7f, "v of " + name);
                    assertSame(b.stateManager(), mb[0].getManager(), "m of " + name + " left the host manager");
                    assertEquals(Device.cpu(), mb[0].getDevice());
                }
            }
            // in and out, for m and v, for each of the two parameters, at each of the 5 steps
            assertEquals(5 * 2 * 4, b.pager().copies());
            // the old host copies are closed as the new ones replace them: still two per parameter
            assertEquals(4, b.stateManager().getManagedArrays().size());
        }
    }

    @Test
    void onTheHostDeviceNothingIsCopied() {
        Map<String, NDArray> paged = params();
        try (AdamW b = new AdamW(paged, 0.9, 0.999, 1e-8, 0.0, true)) {
            grads(paged, 1);
            b.step(1e-2);
            assertEquals(0, b.pager().copies());
            assertTrue(b.moments("w")[0].abs().max().getFloat() > 0, "the moment was not updated");
        }
    }

    @Test
    void pagedStateSavesAndResumes(@TempDir Path dir) throws Exception {
        Map<String, NDArray> straight = params();
        try (AdamW a = new AdamW(straight, 0.9, 0.999, 1e-8, 0.1)) {
            for (int t = 1; t <= 4; t++) {
                grads(straight, t);
                a.step(1e-2);
            }
        }
        Map<String, NDArray> resumed = params();
        Path file = dir.resolve("optimizer.safetensors");
        try (AdamW first = new AdamW(resumed, 0.9, 0.999, 1e-8, 0.1, true)) {
            first.pager().alwaysCopy(true);
            for (int t = 1; t <= 2; t++) {
                grads(resumed, t);
                first.step(1e-2);
            }
            first.save(file);
        }
        try (AdamW second = new AdamW(resumed, 0.9, 0.999, 1e-8, 0.1, true)) {
            second.pager().alwaysCopy(true);
            second.load(file);
            for (int t = 3; t <= 4; t++) {
                grads(resumed, t);
                second.step(1e-2);
            }
        }
        for (String name : straight.keySet()) {
            assertArrayEquals(straight.get(name).toFloatArray(), resumed.get(name).toFloatArray(),
                    1e-7f, name);
        }
    }

    private Map<String, NDArray> params() {
        Map<String, NDArray> p = new LinkedHashMap<>();
        p.put("w", leaf(new float[] {0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f}, 2, 3));
        p.put("b", leaf(new float[] {0.1f, -0.2f, 0.3f}, 3));
        return p;
    }

    /** Sets each gradient to a step-dependent pattern: d/dp sum(p * g) = g. */
    private void grads(Map<String, NDArray> params, int t) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = manager.getEngine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray loss = manager.create(0f);
            for (NDArray p : params.values()) {
                float[] g = new float[(int) p.size()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = ((i * 7 + t * 3) % 11 - 5) / 4f;
                }
                loss = loss.add(p.mul(manager.create(g, p.getShape())).sum());
            }
            gc.backward(loss);
        }
    }

    private NDArray leaf(float[] values, long... shape) {
        NDArray a = manager.create(values, new Shape(shape));
        a.setRequiresGradient(true);
        return a;
    }
}
