package tunebench.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tunebench.engine.model.safetensors.SafetensorsReader;
import tunebench.engine.runtime.DjlRuntime;
import tunebench.testing.Fixtures;

/**
 * Golden checks against bitsandbytes 0.50.1's own quantization of one weight
 * ({@code ../shared/fixtures/nf4}): codes exactly, dequantized values to 1e-6.
 */
class Nf4FixtureTest {

    private static final Path DIR = Fixtures.root().resolve("nf4");
    private static NDManager manager;
    private static Codebook codebook;
    private static NDArray weight;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newManager();
        codebook = Codebook.create(manager);
        weight = read("weight.safetensors", "weight");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray read(String file, String tensor) throws Exception {
        try (SafetensorsReader in = SafetensorsReader.open(DIR.resolve(file))) {
            return in.read(tensor, manager);
        }
    }

    private static byte[] bytes(NDArray a) {
        return a.toType(DataType.UINT8, true).toByteArray();
    }

    @Test
    void levelsAreBitsandbytesNf4Code() throws Exception {
        JsonNode expected = Fixtures.json(DIR.resolve("expected.json"));
        assertArrayEquals(Fixtures.flatFloats(expected.get("nf4_code")), Nf4.levels());
        assertArrayEquals(read("nf4_bs64.safetensors", "code").toFloatArray(), Nf4.levels());
    }

    @Test
    void codesMatchBitsandbytesExactlyAndDequantizeWithin1e6() throws Exception {
        try (Nf4Weight w = Nf4Weight.quantize(weight, QuantSpec.nf4().withDoubleQuant(false),
                codebook, manager)) {
            assertArrayEquals(bytes(read("nf4_bs64.safetensors", "packed")), bytes(w.packed()));
            assertArrayEquals(read("nf4_bs64.safetensors", "absmax").toFloatArray(),
                    w.absmax().toFloatArray());
            NDArray dq = w.dequantize(DataType.FLOAT32);
            assertEquals(weight.getShape(), dq.getShape());
            float diff = Fixtures.maxAbsDiff(dq.toFloatArray(),
                    read("nf4_bs64.safetensors", "dequantized").toFloatArray());
            assertTrue(diff <= 1e-6f, "dequantized differs by " + diff);
        }
    }

    @Test
    void packingPutsTheFirstElementInTheHighNibble() throws Exception {
        byte[] unpacked = bytes(read("nf4_bs64.safetensors", "codes_unpacked"));
        try (Nf4Weight w = Nf4Weight.quantize(weight, QuantSpec.nf4(), codebook, manager)) {
            byte[] packed = bytes(w.packed());
            assertEquals(unpacked.length / 2, packed.length);
            for (int k = 0; k < packed.length; k++) {
                assertEquals(unpacked[2 * k], (packed[k] >> 4) & 0x0F, "high nibble of byte " + k);
                assertEquals(unpacked[2 * k + 1], packed[k] & 0x0F, "low nibble of byte " + k);
            }
        }
    }

    @Test
    void dynamicMapEqualsBitsandbytesCode2() throws Exception {
        assertArrayEquals(read("nf4_bs64_double.safetensors", "code2").toFloatArray(),
                DynamicMap.signed());
    }

    @Test
    void doubleQuantizationMatchesBitsandbytes() throws Exception {
        String f = "nf4_bs64_double.safetensors";
        try (Nf4Weight w = Nf4Weight.quantize(weight, QuantSpec.nf4(), codebook, manager)) {
            assertArrayEquals(bytes(read(f, "packed")), bytes(w.packed()));
            assertArrayEquals(bytes(read(f, "absmax_quantized")), bytes(w.absmaxCodes()));
            assertArrayEquals(read(f, "absmax2").toFloatArray(), w.absmax2().toFloatArray());
            assertEquals(read(f, "absmax_offset").getFloat(), w.absmaxOffset().getFloat(), 1e-9f);
            float absmaxDiff = Fixtures.maxAbsDiff(read(f, "absmax_dequantized").toFloatArray(),
                    w.absmax().toFloatArray());
            assertTrue(absmaxDiff <= 1e-6f, "dequantized absmax differs by " + absmaxDiff);
            float diff = Fixtures.maxAbsDiff(read(f, "dequantized").toFloatArray(),
                    w.dequantize(DataType.FLOAT32).toFloatArray());
            assertTrue(diff <= 1e-6f, "dequantized weight differs by " + diff);
        }
    }

    /** What bitsandbytes' Linear4bit writes into a state dict holds the same numbers. */
    @Test
    void arraysAreTheOnesALinear4bitStateDictHolds() throws Exception {
        String f = "bnb_linear4bit_state_bs64_double.safetensors";
        try (Nf4Weight w = Nf4Weight.quantize(weight, QuantSpec.nf4(), codebook, manager)) {
            assertArrayEquals(bytes(read(f, "weight").reshape(-1)), bytes(w.packed()));
            assertArrayEquals(bytes(read(f, "weight.absmax")), bytes(w.absmaxCodes()));
            assertArrayEquals(read(f, "weight.nested_absmax").toFloatArray(), w.absmax2().toFloatArray());
            assertArrayEquals(read(f, "weight.quant_map").toFloatArray(), Nf4.levels());
            JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new String(
                    bytes(read(f, "weight.quant_state.bitsandbytes__nf4")), StandardCharsets.UTF_8));
            assertEquals(w.blockSize(), state.get("blocksize").asInt());
            assertEquals(256, state.get("nested_blocksize").asInt());
            assertEquals(state.get("nested_offset").floatValue(), w.absmaxOffset().getFloat(), 1e-9f);
        }
    }
}
