package io.jgrad.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cuDNN's probe stages with fake files and a fake native stage (any machine), and how its verdict is reported. */
class CudnnProbeTest {
    private static final CudnnProbe.NativeStage MUST_NOT_RUN = (required, optional) -> {
        throw new AssertionError("native stage reached with " + required);
    };

    @TempDir
    Path temp;

    private LibrarySearchPath searchPathWith(String... files) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("lib"));
        for (String file : files) Files.writeString(folder.resolve(file), "");
        return LibrarySearchPath.of(folder.toString(), null, temp.resolve("no-ld-conf"));
    }

    @Test
    void thePropertyDisablesCudnnBeforeAnyFileIsLookedUp() {
        CudnnStatus status = CudnnProbe.run(" FALSE ", null, MUST_NOT_RUN);
        assertFalse(status.available());
        assertEquals("disabled by -Djgrad.cuda.cudnn=false", status.reason());
        assertEquals("cuDNN not used: disabled by -Djgrad.cuda.cudnn=false", status.describe());
    }

    @Test
    void aMissingLibraryNamesTheFileAndTheSearchPath() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudart.so.13");
        CudnnStatus status = CudnnProbe.run(null, path, MUST_NOT_RUN);
        assumeNoSystemCudnn(path);
        assertFalse(status.available());
        assertTrue(status.reason().startsWith("libcudnn.so.9 not found; searched " + temp.resolve("lib") + ":"),
                status.reason());
        assertTrue(status.reason().endsWith("(add its folder with -Djgrad.cuda.libs=DIR or LD_LIBRARY_PATH)"),
                status.reason());
    }

    @Test
    void missingPartsBesideTheMainLibraryAreNamed() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9");
        CudnnStatus status = CudnnProbe.run("true", path, MUST_NOT_RUN);
        assertFalse(status.available());
        assertEquals("libcudnn.so.9 found in " + temp.resolve("lib")
                + ", but not libcudnn_cnn.so.9, libcudnn_adv.so.9 beside it", status.reason());
    }

    @Test
    void theNativeStageGetsThePartsInLoadOrderThenTheEnginesPresent() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudnn.so.9", "libcudnn_adv.so.9", "libcudnn_cnn.so.9",
                "libcudnn_ops.so.9", "libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9");
        List<Path> required = new ArrayList<>(), optional = new ArrayList<>();
        CudnnStatus verdict = new CudnnStatus(true, "fake", 91400);
        CudnnStatus status = CudnnProbe.run(null, path, (r, o) -> {
            required.addAll(r);
            optional.addAll(o);
            return verdict;
        });
        assertSame(verdict, status);
        Path lib = temp.resolve("lib");
        assertEquals(List.of(lib.resolve("libcudnn_graph.so.9"), lib.resolve("libcudnn_ops.so.9"),
                lib.resolve("libcudnn_cnn.so.9"), lib.resolve("libcudnn_adv.so.9"), lib.resolve("libcudnn.so.9")), required);
        assertEquals(List.of(lib.resolve("libcudnn_engines_precompiled.so.9")), optional);
    }

    @Test
    void aFailingNativeStageBecomesAReason() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudnn.so.9", "libcudnn_adv.so.9", "libcudnn_cnn.so.9",
                "libcudnn_ops.so.9", "libcudnn_graph.so.9");
        CudnnStatus status = CudnnProbe.run(null, path, (r, o) -> {
            throw new UnsatisfiedLinkError("boom");
        });
        assertFalse(status.available());
        assertEquals("the cuDNN probe failed: java.lang.UnsatisfiedLinkError: boom", status.reason());
    }

    @Test
    void anAvailableCudaVerdictCarriesCudnnsInItsReason() throws IOException {
        LibrarySearchPath path = searchPathWith("libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13",
                "libnvrtc.so.13");
        CudaStatus cuda = new CudaStatus(true, "CUDA runtime 13.0; GPU", 13000, 13000, List.of());
        CudnnStatus cudnn = new CudnnStatus(true, "/usr/lib/x86_64-linux-gnu/libcudnn.so.9", 91400);
        CudaStatus status = CudaProbe.run("Linux", "amd64", () -> true, path, libraries -> cuda, p -> cudnn);
        assertTrue(status.available());
        assertSame(cudnn, status.cudnn());
        assertEquals("CUDA runtime 13.0; GPU; cuDNN 9.14.0 (/usr/lib/x86_64-linux-gnu/libcudnn.so.9)", status.reason());
        assertFalse(CudaStatus.unavailable("no driver").cudnn().available());
    }

    @Test
    void cudnnsFolderIsOfferedToJavaCppUnlessDisabled() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudnn.so.9");
        String key = NativeCudaProbe.JAVACPP_LINKPATH, saved = System.getProperty(key);
        try {
            System.setProperty(key, "/cuda/lib");
            CudnnProbe.offerFolderToJavaCpp("false", path);
            assertEquals("/cuda/lib", System.getProperty(key));
            CudnnProbe.offerFolderToJavaCpp(null, path);
            assertEquals("/cuda/lib:" + temp.resolve("lib"), System.getProperty(key));
            System.clearProperty(key);
            CudnnProbe.offerFolderToJavaCpp("true", path);
            assertEquals(temp.resolve("lib").toString(), System.getProperty(key));
        } finally {
            if (saved == null) System.clearProperty(key);
            else System.setProperty(key, saved);
        }
    }

    @Test
    void versionsReadAsCudnnWritesThem() {
        assertEquals("9.14.0", CudnnStatus.versionString(91400));
        assertEquals("9.19.1", CudnnStatus.versionString(91901));
    }

    /** The search path always ends with the system folders: a machine with cuDNN installed there finds it. */
    private static void assumeNoSystemCudnn(LibrarySearchPath path) {
        org.junit.jupiter.api.Assumptions.assumeFalse(path.find("libcudnn.so.9").isPresent(),
                "this machine has libcudnn.so.9 in a system folder");
    }
}
