package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The consent download against a local server laid out as publish.djl.ai/pytorch/2.7.1/. */
class CudaDownloadTest {

    @TempDir
    Path cache;

    private HttpServer server;
    private final Map<String, byte[]> files = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private URI base;

    private static final byte[] TORCH = "libtorch bytes ".repeat(5000).getBytes(StandardCharsets.UTF_8);
    private static final byte[] TORCH_CUDA = "cuda kernels ".repeat(9000).getBytes(StandardCharsets.UTF_8);
    private static final byte[] CUDART = "runtime".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/pytorch/2.7.1/", exchange -> {
            requests.incrementAndGet();
            byte[] body = files.get(exchange.getRequestURI().getPath().substring("/pytorch/2.7.1/".length()));
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pytorch/2.7.1/");
        files.put("files.txt", String.join("\n", "cpu/linux-x86_64/native/lib/libtorch.so.gz",
                "cu128/linux-x86_64/native/lib/libtorch.so.gz",
                "cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz",
                "cu128/linux-x86_64/native/lib/libcudart-5f4c2a.so.12.gz",
                "cu128/win-x86_64/native/lib/torch.dll.gz", "").getBytes(StandardCharsets.UTF_8));
        files.put("cu128/linux-x86_64/native/lib/libtorch.so.gz", gzip(TORCH));
        files.put("cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz", gzip(TORCH_CUDA));
        files.put("cu128/linux-x86_64/native/lib/libcudart-5f4c2a.so.12.gz", gzip(CUDART));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CudaDownload download() {
        return new CudaDownload(base, cache, "linux-x86_64");
    }

    @Test
    void installsTheFlavorsFilesWithProgressAndRecordsTheirSums() throws Exception {
        List<String> started = new ArrayList<>();
        long[] last = {0};
        CudaDownload.Result r = download().run(true, Map.of(), new CudaDownload.Progress() {
            @Override
            public void fileStarted(String name, int index, int count) {
                started.add(index + "/" + count + " " + name);
            }

            @Override
            public void bytesReceived(long fileBytes, long fileTotal, long allBytes) {
                assertTrue(allBytes >= last[0] && fileBytes <= fileTotal);
                last[0] = allBytes;
            }
        }, () -> false);
        Path dir = cache.resolve("2.7.1-cu128-linux-x86_64");
        assertEquals(dir, r.dir());
        assertEquals(List.of("1/3 libtorch.so", "2/3 libtorch_cuda.so", "3/3 libcudart-5f4c2a.so.12"), started);
        assertArrayEquals(TORCH, Files.readAllBytes(dir.resolve("libtorch.so")));
        assertArrayEquals(TORCH_CUDA, Files.readAllBytes(dir.resolve("libtorch_cuda.so")));
        assertEquals(sha256(TORCH_CUDA), r.sha256().get("libtorch_cuda.so"));
        assertTrue(Files.readString(dir.resolve(CudaDownload.SUMS)).contains(sha256(TORCH) + "  libtorch.so\n"));
        long compressed = files.entrySet().stream().filter(e -> e.getKey().startsWith("cu128/linux"))
                .mapToLong(e -> e.getValue().length).sum();
        assertEquals(compressed, r.bytesFetched());
        assertEquals(compressed, last[0]);
        assertEquals(List.of("2.7.1-cu128-linux-x86_64"), list(cache), "no temp folder left");
        LibtorchCandidate found = LibtorchLocator.check("DJL cache", dir, false);
        assertTrue(found.usable());
        assertEquals("2.7.1+cu128", found.version());
    }

    @Test
    void aCorruptFileIsRejectedAndLeavesNothing() throws Exception {
        byte[] bad = gzip(TORCH_CUDA);
        bad[bad.length - 6] ^= 0x55; // the CRC-32 in the gzip trailer
        files.put("cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz", bad);
        IOException e = assertThrows(IOException.class,
                () -> download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertTrue(e.getMessage().contains("libtorch_cuda.so.gz arrived corrupt"), e.getMessage());
        assertEquals(List.of(), list(cache));
    }

    @Test
    void aCutDownloadIsRejected() throws Exception {
        byte[] whole = gzip(TORCH);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        files.put("cu128/linux-x86_64/native/lib/libtorch.so.gz", cut);
        assertThrows(IOException.class, () -> download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertEquals(List.of(), list(cache));
    }

    @Test
    void aPinnedChecksumMustMatch() throws Exception {
        Map<String, String> pinned = Map.of("libtorch.so", sha256(TORCH), "libtorch_cuda.so", sha256(CUDART));
        IOException e = assertThrows(IOException.class,
                () -> download().run(true, pinned, CudaDownload.Progress.NONE, () -> false));
        assertTrue(e.getMessage().startsWith("libtorch_cuda.so does not match its checksum (SHA-256 "
                + sha256(TORCH_CUDA)), e.getMessage());
        assertEquals(List.of(), list(cache));
        Map<String, String> right = Map.of("libtorch.so", sha256(TORCH), "libtorch_cuda.so", sha256(TORCH_CUDA));
        assertTrue(Files.exists(download().run(true, right, CudaDownload.Progress.NONE, () -> false).dir()));
    }

    @Test
    void withoutConsentNothingIsFetched() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> download().run(false, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertTrue(e.getMessage().startsWith("Downloading CUDA libtorch needs the user's consent"));
        assertEquals(0, requests.get());
        assertFalse(Files.exists(cache.resolve("2.7.1-cu128-linux-x86_64")));
    }

    @Test
    void cancellingLeavesNothing() throws Exception {
        int[] reads = {0};
        assertThrows(java.io.InterruptedIOException.class,
                () -> download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> ++reads[0] > 3));
        assertEquals(List.of(), list(cache));
    }

    @Test
    void aPlatformWithoutCudaBuildOrAMissingFileSaysSo() throws Exception {
        IOException none = assertThrows(IOException.class, () -> new CudaDownload(base, cache, "osx-aarch64")
                .run(true, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertTrue(none.getMessage().contains("lists no cu128/osx-aarch64/ files"), none.getMessage());
        files.remove("cu128/linux-x86_64/native/lib/libtorch_cuda.so.gz");
        IOException missing = assertThrows(IOException.class,
                () -> download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertTrue(missing.getMessage().endsWith("libtorch_cuda.so.gz answered HTTP 404: nothing was installed"),
                missing.getMessage());
        assertEquals(List.of(), list(cache));
    }

    @Test
    void replacesAnOlderFolderOnlyOnSuccess() throws Exception {
        Path dir = Files.createDirectories(cache.resolve("2.7.1-cu128-linux-x86_64"));
        Files.writeString(dir.resolve("libtorch.so"), "half of an earlier try");
        files.put("cu128/linux-x86_64/native/lib/libtorch.so.gz", new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> false));
        assertEquals("half of an earlier try", Files.readString(dir.resolve("libtorch.so")), "kept on failure");
        files.put("cu128/linux-x86_64/native/lib/libtorch.so.gz", gzip(TORCH));
        download().run(true, Map.of(), CudaDownload.Progress.NONE, () -> false);
        assertArrayEquals(TORCH, Files.readAllBytes(dir.resolve("libtorch.so")));
        assertEquals(List.of("2.7.1-cu128-linux-x86_64"), list(cache));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
