package tunebench.engine.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tunebench.engine.runtime.DjlRuntime;

/** Tensors above the block size are read in row blocks and come out identical. */
class SafetensorsChunkedReadTest {

    @TempDir
    Path tmp;

    @Test
    void blockwiseReadEqualsWholeReadForEveryStoredType() throws Exception {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray w = m.randomNormal(new Shape(101, 33)); // 101 rows: blocks do not divide evenly
            Path file = tmp.resolve("t.safetensors");
            SafetensorsWriter.write(file, Map.of(), List.of(
                    TensorSource.of("f32", w),
                    TensorSource.of("bf16", w, SafeDtype.BF16),
                    TensorSource.of("f16", w, SafeDtype.F16),
                    TensorSource.of("i64", m.arange(0L, 3030L, 1L, DataType.INT64).reshape(101, 30))));
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                for (String name : r.names()) {
                    NDArray whole = r.read(name, m);
                    NDArray blocks = r.read(name, m, 1000); // 7 rows of float32 per block
                    assertEquals(whole.getShape(), blocks.getShape(), name);
                    assertEquals(whole.getDataType(), blocks.getDataType(), name);
                    assertArrayEquals(whole.toByteArray(), blocks.toByteArray(), name);
                }
            }
        }
    }
}
