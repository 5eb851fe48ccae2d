package tunebench.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a CUDA libtorch that DJL 0.36 can start on, in the order a user would expect: the
 * folder they named (PYTORCH_LIBRARY_PATH, or the path saved in the workbench), a Python
 * PyTorch install's torch/lib, then DJL's own cache where {@link CudaDownload} puts it.
 * Maven Central carries no CUDA libtorch, so it always comes from one of these.
 */
public final class LibtorchLocator {

    /** The libtorch DJL 0.36's JNI (pytorch-jni 2.7.1-0.36.0) is built against. */
    public static final String TORCH_VERSION = "2.7.1";
    public static final String FLAVOR = "cu128";
    private static final Pattern PY_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern CACHE_DIR = Pattern.compile("(\\d+\\.\\d+\\.\\d+)-(cu\\d+|cpu)(-precxx11)?-.*");

    /**
     * Where to look.
     *
     * @param libraryPath PYTORCH_LIBRARY_PATH (environment or -D), or null
     * @param savedPath the path the user saved in the workbench, or null
     * @param pythonTorchDirs torch package folders of Python installs (…/site-packages/torch)
     * @param djlCacheDir DJL's engine cache for PyTorch (~/.djl.ai/pytorch)
     * @param windows look for torch.dll / torch_cuda.dll instead of the .so files
     */
    public record Sources(String libraryPath, Path savedPath, List<Path> pythonTorchDirs,
            Path djlCacheDir, boolean windows) {
        public Sources {
            pythonTorchDirs = List.copyOf(pythonTorchDirs);
        }

        /** This machine's sources; {@code savedPath} may be null. */
        public static Sources ofThisMachine(Path savedPath) {
            return new Sources(envOrProperty("PYTORCH_LIBRARY_PATH"), savedPath, LibtorchLocator.pythonTorchDirs(),
                    LibtorchLocator.djlCacheDir(), System.getProperty("os.name", "").startsWith("Windows"));
        }
    }

    private LibtorchLocator() {}

    /** Every candidate found, in order of preference, each with its verdict. */
    public static List<LibtorchCandidate> locate(Sources s) {
        List<LibtorchCandidate> out = new ArrayList<>();
        if (s.libraryPath() != null && !s.libraryPath().isBlank()) {
            for (String p : s.libraryPath().split(java.io.File.pathSeparator)) {
                out.add(check("PYTORCH_LIBRARY_PATH", Path.of(p), s.windows()));
            }
        }
        if (s.savedPath() != null) {
            out.add(check("saved setting", s.savedPath(), s.windows()));
        }
        for (Path torch : s.pythonTorchDirs()) {
            if (Files.isDirectory(torch.resolve("lib"))) {
                out.add(check("Python torch", torch.resolve("lib"), s.windows()));
            }
        }
        if (s.djlCacheDir() != null && Files.isDirectory(s.djlCacheDir())) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(s.djlCacheDir(), "*-cu*")) {
                for (Path d : dirs) {
                    out.add(check("DJL cache", d, s.windows()));
                }
            } catch (IOException e) {
                // An unreadable cache holds nothing we could load either.
            }
        }
        return out;
    }

    /** The first usable candidate. */
    public static Optional<LibtorchCandidate> firstUsable(List<LibtorchCandidate> candidates) {
        return candidates.stream().filter(LibtorchCandidate::usable).findFirst();
    }

    /** The verdict on one folder (a folder or the libtorch file itself). */
    public static LibtorchCandidate check(String source, Path given, boolean windows) {
        String torch = windows ? "torch.dll" : "libtorch.so";
        String torchCuda = windows ? "torch_cuda.dll" : "libtorch_cuda.so";
        Path dir = Files.isRegularFile(given) ? given.toAbsolutePath().getParent() : given.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            return new LibtorchCandidate(source, dir, null, "not found: no such folder", null);
        }
        if (!Files.isRegularFile(dir.resolve(torch))) {
            return new LibtorchCandidate(source, dir, null, "not found: no " + torch + " in it", null);
        }
        String version = readVersion(dir);
        if (!Files.isRegularFile(dir.resolve(torchCuda))) {
            return new LibtorchCandidate(source, dir, version, "a CPU-only build (no " + torchCuda
                    + "): it cannot use the GPU", null);
        }
        if (version == null) {
            return new LibtorchCandidate(source, dir, null, null, "its version is unknown; DJL 0.36 needs "
                    + TORCH_VERSION + " (" + FLAVOR + "), another version may crash on start");
        }
        String base = version.split("[+-]", 2)[0];
        if (!base.equals(TORCH_VERSION)) {
            return new LibtorchCandidate(source, dir, version, "found " + version + ", DJL 0.36 needs "
                    + TORCH_VERSION + " (" + FLAVOR + ")", null);
        }
        if (version.contains("cpu")) {
            return new LibtorchCandidate(source, dir, version, "a CPU-only build (" + version + ")", null);
        }
        String warning = version.contains(FLAVOR) || !version.contains("cu") ? null
                : "built for " + version.substring(version.indexOf("cu")) + ", DJL's JNI for " + FLAVOR + ": it usually works";
        return new LibtorchCandidate(source, dir, version, null, warning);
    }

    /**
     * The version the folder states: torch/version.py of a Python install ({@code lib}'s
     * parent), build-version of a libtorch zip (same place), or DJL's cache folder name.
     */
    static String readVersion(Path dir) {
        Path parent = dir.getParent();
        if (parent != null) {
            String py = readFirst(parent.resolve("version.py"));
            if (py != null) {
                Matcher m = PY_VERSION.matcher(py);
                if (m.find()) {
                    return m.group(1);
                }
            }
            String build = readFirst(parent.resolve("build-version"));
            if (build != null && !build.isBlank()) {
                return build.strip();
            }
        }
        Matcher m = CACHE_DIR.matcher(dir.getFileName().toString());
        return m.matches() ? m.group(1) + "+" + m.group(2) : null;
    }

    private static String readFirst(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** DJL's PyTorch cache as DJL computes it (ENGINE_CACHE_DIR, DJL_CACHE_DIR, ~/.djl.ai). */
    public static Path djlCacheDir() {
        String engine = envOrProperty("ENGINE_CACHE_DIR");
        if (engine != null && !engine.isBlank()) {
            return Path.of(engine, "pytorch");
        }
        String djl = envOrProperty("DJL_CACHE_DIR");
        Path root = djl != null && !djl.isBlank() ? Path.of(djl) : Path.of(System.getProperty("user.home"), ".djl.ai");
        return root.resolve("pytorch");
    }

    /**
     * Python installs' torch folders: the active virtualenv or conda env, then whatever
     * {@code python3}/{@code python} on PATH would import (asked without importing torch, so
     * it takes milliseconds, killed after 5 s).
     */
    static List<Path> pythonTorchDirs() {
        Set<Path> out = new LinkedHashSet<>();
        for (String env : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String root = System.getenv(env);
            if (root != null && !root.isBlank()) {
                out.addAll(sitePackagesTorch(Path.of(root)));
            }
        }
        for (String exe : List.of("python3", "python")) {
            askPython(exe).ifPresent(out::add);
        }
        return new ArrayList<>(out);
    }

    private static List<Path> sitePackagesTorch(Path root) {
        List<Path> out = new ArrayList<>();
        Path win = root.resolve("Lib").resolve("site-packages").resolve("torch");
        if (Files.isDirectory(win)) {
            out.add(win);
        }
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(root.resolve("lib"), "python3*")) {
            for (Path lib : libs) {
                Path torch = lib.resolve("site-packages").resolve("torch");
                if (Files.isDirectory(torch)) {
                    out.add(torch);
                }
            }
        } catch (IOException e) {
            // No lib/python3.* here: not a Unix Python prefix.
        }
        return out;
    }

    private static Optional<Path> askPython(String exe) {
        if (GpuProbe.onPath(exe).isEmpty() && GpuProbe.onPath(exe + ".exe").isEmpty()) {
            return Optional.empty();
        }
        Process p = null;
        try {
            Path out = Files.createTempFile("tunebench-py", ".txt");
            try {
                p = new ProcessBuilder(exe, "-c", "import importlib.util as u;s=u.find_spec('torch');"
                        + "print(s.submodule_search_locations[0] if s else '')")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return Optional.empty();
                }
                String text = Files.readString(out).strip();
                return text.isEmpty() || text.contains("\n") ? Optional.empty() : Optional.of(Path.of(text));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    static String envOrProperty(String key) {
        String env = System.getenv(key);
        return env != null ? env : System.getProperty(key);
    }
}
