package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import tunebench.engine.train.config.ConfigProblem;
import tunebench.engine.train.config.ModelSpec;

/** One parser for every place a device is named. */
class DeviceChoiceTest {

    @Test
    void parsesEveryAcceptedForm() {
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse("cpu"));
        assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(" Auto "));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, -1), DeviceChoice.parse("gpu"));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, -1), DeviceChoice.parse("CUDA"));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 1), DeviceChoice.parse("cuda:1"));
        assertEquals(new DeviceChoice(DeviceChoice.Kind.GPU, 0), DeviceChoice.parse("gpu:0"));
        assertEquals("gpu:1", DeviceChoice.parse("cuda:1").toString());
    }

    @Test
    void rejectsAnythingElseNamingWhatIsAccepted() {
        for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "cuda:x", "mps", "", "gpu:0,1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(bad));
            assertEquals("device must be cpu, gpu, gpu:N, cuda, cuda:N or auto, got '" + bad + "'", e.getMessage());
        }
        assertEquals("device must be cpu, gpu, gpu:N, cuda, cuda:N or auto, got nothing",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(null)).getMessage());
    }

    @Test
    void resolvesAgainstTheGpusFound() {
        assertEquals(Device.cpu(), DeviceChoice.AUTO.resolve(0, "no driver"));
        assertEquals(Device.gpu(0), DeviceChoice.AUTO.resolve(2, null));
        assertEquals(Device.gpu(0), DeviceChoice.parse("gpu").resolve(1, null));
        assertEquals(Device.gpu(1), DeviceChoice.parse("cuda:1").resolve(2, null));
        assertEquals(Device.cpu(), DeviceChoice.CPU.resolve(2, null));
    }

    @Test
    void saysWhyAGpuCannotBeHad() {
        assertEquals("gpu:3, but only 2 GPUs were found (0, 1)", assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.parse("gpu:3").resolve(2, null)).getMessage());
        assertEquals("gpu:1, but only 1 GPU was found (0)", assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.parse("cuda:1").resolve(1, null)).getMessage());
        assertEquals("gpu, but no GPU can be used: CUDA libtorch not found", assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.parse("gpu").resolve(0, "CUDA libtorch not found")).getMessage());
    }

    @Test
    void runConfigsAcceptAutoAndRejectUnknownDevices() {
        ModelSpec m = ModelSpec.of("model");
        assertEquals("auto", m.device(), "auto (the GPU when CUDA works) is the run config default");
        assertEquals(List.of(), m.withDevice("auto").validate());
        assertEquals(List.of(), m.withDevice("gpu:1").validate());
        assertEquals(List.of(new ConfigProblem("device",
                "must be cpu, gpu, gpu:N, cuda, cuda:N or auto, got 'tpu'")), m.withDevice("tpu").validate());
    }

    @Test
    void aGpuRequestOnThisMachineSaysWhatIsMissing() {
        if (DjlRuntime.status().gpuCount() > 0) {
            return; // a GPU machine: covered by the GPU check script
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComputeDevice.pick("model.device", "gpu"));
        assertEquals("model.device gpu, but no GPU can be used: " + DjlRuntime.status().whyNoGpu(), e.getMessage());
        assertEquals(Device.cpu(), ComputeDevice.pick("model.device", "auto"));
        assertEquals("model.device: device must be cpu, gpu, gpu:N, cuda, cuda:N or auto, got 'tpu'",
                assertThrows(IllegalArgumentException.class, () -> ComputeDevice.pick("model.device", "tpu")).getMessage());
    }
}
