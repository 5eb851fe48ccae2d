package tunebench.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a CUDA libtorch and judging it, on fake folders. */
class LibtorchLocatorTest {

    @TempDir
    Path tmp;

    /** A Python install's torch package: torch/version.py and torch/lib. */
    private Path pythonTorch(String name, String version, boolean cuda) throws IOException {
        Path torch = tmp.resolve(name).resolve("site-packages").resolve("torch");
        Files.createDirectories(torch.resolve("lib"));
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n__all__ = ['__version__']\n"
                + "__version__ = '" + version + "'\ndebug = False\ncuda: Optional[str] = '12.8'\n");
        Files.writeString(torch.resolve("lib").resolve("libtorch.so"), "elf");
        if (cuda) {
            Files.writeString(torch.resolve("lib").resolve("libtorch_cuda.so"), "elf");
        }
        return torch;
    }

    @Test
    void acceptsAMatchingPythonInstall() throws IOException {
        Path torch = pythonTorch("venv", "2.7.1+cu128", true);
        LibtorchCandidate c = LibtorchLocator.check("Python torch", torch.resolve("lib"), false);
        assertTrue(c.usable(), c.describe());
        assertEquals("2.7.1+cu128", c.version());
        assertNull(c.warning());
    }

    @Test
    void refusesAnotherVersionWithBothVersionsNamed() throws IOException {
        Path torch = pythonTorch("old", "2.5.0+cu121", true);
        LibtorchCandidate c = LibtorchLocator.check("Python torch", torch.resolve("lib"), false);
        assertFalse(c.usable());
        assertEquals("found 2.5.0+cu121, DJL 0.36 needs 2.7.1 (cu128)", c.problem());
    }

    @Test
    void refusesACpuOnlyBuild() throws IOException {
        Path torch = pythonTorch("cpu", "2.7.1+cpu", false);
        LibtorchCandidate c = LibtorchLocator.check("Python torch", torch.resolve("lib"), false);
        assertEquals("a CPU-only build (no libtorch_cuda.so): it cannot use the GPU", c.problem());
    }

    @Test
    void saysWhatIsMissing() {
        assertEquals("not found: no such folder",
                LibtorchLocator.check("PYTORCH_LIBRARY_PATH", tmp.resolve("nope"), false).problem());
        assertEquals("not found: no libtorch.so in it",
                LibtorchLocator.check("PYTORCH_LIBRARY_PATH", tmp, false).problem());
    }

    @Test
    void unknownVersionWarnsButDoesNotRefuse() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("custom").resolve("lib"));
        Files.writeString(lib.resolve("libtorch.so"), "elf");
        Files.writeString(lib.resolve("libtorch_cuda.so"), "elf");
        LibtorchCandidate c = LibtorchLocator.check("saved setting", lib.resolve("libtorch.so"), false);
        assertTrue(c.usable());
        assertEquals(lib.toAbsolutePath(), c.dir(), "a path to the file means its folder");
        assertTrue(c.warning().startsWith("its version is unknown"), c.warning());
    }

    @Test
    void readsALibtorchZipsBuildVersion() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("libtorch").resolve("lib"));
        Files.writeString(lib.getParent().resolve("build-version"), "2.7.1+cu126\n");
        Files.writeString(lib.resolve("libtorch.so"), "elf");
        Files.writeString(lib.resolve("libtorch_cuda.so"), "elf");
        LibtorchCandidate c = LibtorchLocator.check("PYTORCH_LIBRARY_PATH", lib, false);
        assertTrue(c.usable());
        assertEquals("2.7.1+cu126", c.version());
        assertTrue(c.warning().contains("built for cu126"), c.warning());
    }

    @Test
    void findsInOrderAndReadsDjlCacheNames() throws IOException {
        Path cache = tmp.resolve("djl").resolve("pytorch");
        Path cu = Files.createDirectories(cache.resolve("2.7.1-cu128-linux-x86_64"));
        Files.createDirectories(cache.resolve("2.7.1-20250812-cpu-linux-x86_64"));
        Files.writeString(cu.resolve("libtorch.so"), "elf");
        Files.writeString(cu.resolve("libtorch_cuda.so"), "elf");
        Path old = pythonTorch("old", "2.5.0+cu121", true);
        Path good = pythonTorch("good", "2.7.1+cu128", true);
        LibtorchLocator.Sources s = new LibtorchLocator.Sources(tmp.resolve("missing").toString(), null,
                List.of(old, good), cache, false);
        List<LibtorchCandidate> found = LibtorchLocator.locate(s);
        assertEquals(List.of("PYTORCH_LIBRARY_PATH", "Python torch", "Python torch", "DJL cache"),
                found.stream().map(LibtorchCandidate::source).toList(), "the CPU cache folder is no candidate");
        assertEquals("2.7.1+cu128", found.get(3).version());
        assertEquals(good.resolve("lib").toAbsolutePath(), LibtorchLocator.firstUsable(found).orElseThrow().dir());
    }

    @Test
    void looksForDllsOnWindows() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("win").resolve("lib"));
        Files.writeString(lib.resolve("torch.dll"), "pe");
        assertEquals("a CPU-only build (no torch_cuda.dll): it cannot use the GPU",
                LibtorchLocator.check("x", lib, true).problem());
        Files.writeString(lib.resolve("torch_cuda.dll"), "pe");
        assertTrue(LibtorchLocator.check("x", lib, true).usable());
    }
}
