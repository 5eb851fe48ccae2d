package tunebench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the reference outputs live: ../shared/fixtures, or -Dtunebench.fixtures. */
public final class Fixtures {

    private Fixtures() {}

    public static Path root() {
        String p = System.getProperty("tunebench.fixtures");
        Path root = p != null ? Paths.get(p) : Paths.get("..", "shared", "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Reference fixtures not found at " + root.toAbsolutePath()
                    + " (set -Dtunebench.fixtures)");
        }
        return root;
    }

    public static Path tinyLlama() {
        return root().resolve("tiny-llama");
    }

    public static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nested json number array as a flat float array (row-major). */
    public static float[] flatFloats(JsonNode n) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        flatten(n, out);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static void flatten(JsonNode n, java.util.List<Float> out) {
        if (n.isArray()) {
            n.forEach(e -> flatten(e, out));
        } else {
            out.add((float) n.asDouble());
        }
    }

    public static long[] longs(JsonNode n) {
        long[] a = new long[n.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = n.get(i).asLong();
        }
        return a;
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
