package tunebench.engine.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import tunebench.engine.io.AtomicFiles;

/**
 * Fetches DJL's CUDA 12.8 build of libtorch 2.7.1 into DJL's cache, the same files and folder
 * DJL's own LibUtils.downloadPyTorch would fetch, but only with the user's consent, with
 * progress, cancellable, and all-or-nothing: files land in a temp folder that is moved into
 * place only when every file is complete, so a failure leaves no partial libtorch behind.
 *
 * <p>DJL's layout: {@code https://publish.djl.ai/pytorch/2.7.1/files.txt} lists one path per
 * line ({@code cu128/linux-x86_64/native/lib/libtorch.so.gz}, names URL-encoded), each file
 * gzipped; the cache folder is {@code <cache>/pytorch/2.7.1-cu128-linux-x86_64}. DJL publishes
 * no checksums. What is verified: each file's gzip CRC-32 and length (corruption or a cut
 * download fail), and, when the caller pins them, SHA-256 sums. Otherwise the SHA-256 of what
 * was fetched is recorded in SHA256SUMS beside the files: trust on first use.
 */
public final class CudaDownload {

    public static final URI DJL_BASE = URI.create("https://publish.djl.ai/pytorch/" + LibtorchLocator.TORCH_VERSION + "/");
    public static final String SUMS = "SHA256SUMS";

    /** Progress, called on the downloading thread. */
    public interface Progress {
        Progress NONE = new Progress() {};

        /** File {@code index} (from 1) of {@code count} begins. */
        default void fileStarted(String name, int index, int count) {}

        /** Compressed bytes received so far: of this file (of {@code fileTotal}, -1 when unknown), and in all. */
        default void bytesReceived(long fileBytes, long fileTotal, long allBytes) {}
    }

    /** What was installed: the folder, each file's SHA-256, and the compressed bytes fetched. */
    public record Result(Path dir, Map<String, String> sha256, long bytesFetched) {}

    private final URI base;
    private final Path cacheDir;
    private final String classifier;

    /**
     * @param base the folder URL holding files.txt (ends with /)
     * @param cacheDir DJL's PyTorch cache ({@link LibtorchLocator#djlCacheDir()})
     * @param classifier DJL's platform name: linux-x86_64 or win-x86_64
     */
    public CudaDownload(URI base, Path cacheDir, String classifier) {
        this.base = base;
        this.cacheDir = cacheDir;
        this.classifier = classifier;
    }

    /** From DJL's server into DJL's cache, for this operating system. */
    public static CudaDownload forThisMachine() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return new CudaDownload(DJL_BASE, LibtorchLocator.djlCacheDir(), windows ? "win-x86_64" : "linux-x86_64");
    }

    /** Where the files go: the folder DJL itself would use. */
    public Path targetDir() {
        return cacheDir.resolve(LibtorchLocator.TORCH_VERSION + "-" + LibtorchLocator.FLAVOR + "-" + classifier);
    }

    /**
     * Downloads and installs.
     *
     * @param consent the user agreed to fetch about 2 GB from publish.djl.ai; without it nothing happens
     * @param pinnedSha256 expected SHA-256 per file name (empty: record what arrives)
     * @param cancelled checked between buffers; cancelling throws and leaves nothing behind
     */
    public Result run(boolean consent, Map<String, String> pinnedSha256, Progress progress,
            BooleanSupplier cancelled) throws IOException {
        if (!consent) {
            throw new IllegalStateException("Downloading CUDA libtorch needs the user's consent: it fetches"
                    + " about 2 GB from " + base.getHost());
        }
        String prefix = LibtorchLocator.FLAVOR + "/" + classifier + "/";
        List<String> lines = new ArrayList<>();
        for (String line : new String(fetchSmall(base.resolve("files.txt")), StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith(prefix) && line.endsWith(".gz")) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            throw new IOException(base + "files.txt lists no " + prefix + " files: DJL publishes no CUDA "
                    + LibtorchLocator.TORCH_VERSION + " build for " + classifier);
        }
        Files.createDirectories(cacheDir);
        Path temp = cacheDir.resolve(".tunebench-download-" + UUID.randomUUID());
        try {
            Files.createDirectory(temp);
            Map<String, String> sums = new LinkedHashMap<>();
            long[] all = {0};
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String name = URLDecoder.decode(line.substring(line.lastIndexOf('/') + 1, line.length() - 3),
                        StandardCharsets.UTF_8);
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IOException("files.txt names an unsafe file: " + line);
                }
                progress.fileStarted(name, i + 1, lines.size());
                String sha = fetchGz(base.resolve(line), temp.resolve(name), progress, cancelled, all);
                String pinned = pinnedSha256.get(name);
                if (pinned != null && !pinned.equalsIgnoreCase(sha)) {
                    throw new IOException(name + " does not match its checksum (SHA-256 " + sha
                            + ", expected " + pinned + "): nothing was installed");
                }
                sums.put(name, sha);
            }
            LibtorchCandidate check = LibtorchLocator.check("download", temp,
                    classifier.startsWith("win"));
            if (check.problem() != null) {
                throw new IOException("The download is incomplete: " + check.problem());
            }
            StringBuilder text = new StringBuilder();
            sums.forEach((n, s) -> text.append(s).append("  ").append(n).append('\n'));
            AtomicFiles.writeString(temp.resolve(SUMS), text.toString());
            install(temp, targetDir());
            return new Result(targetDir(), sums, all[0]);
        } finally {
            deleteTree(temp);
        }
    }

    /** Streams one gzipped file to {@code target}, returning the SHA-256 of the unpacked bytes. */
    private String fetchGz(URI uri, Path target, Progress progress, BooleanSupplier cancelled, long[] all)
            throws IOException {
        HttpURLConnection c = open(uri);
        long total = c.getContentLengthLong();
        MessageDigest sha = sha256();
        try (InputStream raw = c.getInputStream();
                InputStream counted = new Counting(raw, total, progress, cancelled, all);
                // GZIPInputStream checks the trailer's CRC-32 and length at the end of the stream.
                InputStream gz = new java.util.zip.GZIPInputStream(counted, 1 << 16);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
            gz.transferTo(out);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(uri + " arrived corrupt (" + e.getMessage() + "): nothing was installed", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Counts received bytes for progress and stops on cancel. */
    private static final class Counting extends FilterInputStream {
        private final long total;
        private final Progress progress;
        private final BooleanSupplier cancelled;
        private final long[] all;
        private long bytes;

        Counting(InputStream in, long total, Progress progress, BooleanSupplier cancelled, long[] all) {
            super(in);
            this.total = total;
            this.progress = progress;
            this.cancelled = cancelled;
            this.all = all;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedIOException("The CUDA libtorch download was cancelled: nothing was installed");
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes += n;
                all[0] += n;
                progress.bytesReceived(bytes, total, all[0]);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    private static byte[] fetchSmall(URI uri) throws IOException {
        HttpURLConnection c = open(uri);
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(60_000);
        int code = c.getResponseCode();
        if (code != HttpURLConnection.HTTP_OK) {
            c.disconnect();
            throw new IOException(uri + " answered HTTP " + code + ": nothing was installed");
        }
        return c;
    }

    /** Moves the finished folder into place; an older folder there is replaced only after that. */
    private static void install(Path temp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(target, old);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
