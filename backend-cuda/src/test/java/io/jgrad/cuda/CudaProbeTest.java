package io.jgrad.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Availability;
import io.jgrad.backend.BackendProvider;
import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The probe's stages with fakes (any machine), and its verdict on this machine. */
class CudaProbeTest {
    private static final CudaProbe.NativeStage MUST_NOT_RUN = libraries -> {
        throw new AssertionError("native stage reached with " + libraries);
    };
    private static final CudaProbe.CudnnStage CUDNN_MUST_NOT_RUN = path -> {
        throw new AssertionError("cuDNN stage reached after an unavailable CUDA verdict");
    };

    @TempDir
    Path temp;

    private LibrarySearchPath searchPathWith(String... files) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("lib"));
        for (String file : files) Files.writeString(folder.resolve(file), "");
        return LibrarySearchPath.of(folder.toString(), null, temp.resolve("no-ld-conf"));
    }

    @Test
    void otherPlatformsAreUnavailable() {
        CudaStatus status = CudaProbe.run("Mac OS X", "aarch64", () -> true, LibrarySearchPath.of(null, null, null),
                MUST_NOT_RUN, CUDNN_MUST_NOT_RUN);
        assertFalse(status.available());
        assertEquals("the CUDA backend runs on linux-x86_64 only (this is Mac OS X aarch64)", status.reason());
    }

    @Test
    void missingBindingsAreNamed() {
        CudaStatus status = CudaProbe.run("Linux", "amd64", () -> false, LibrarySearchPath.of(null, null, null),
                MUST_NOT_RUN, CUDNN_MUST_NOT_RUN);
        assertFalse(status.available());
        assertTrue(status.reason().contains("org.bytedeco:cuda"), status.reason());
    }

    @Test
    void noDriverNamesTheFileTheOtherMissingLibrariesAndTheSearchPath() throws IOException {
        LibrarySearchPath path = searchPathWith("libcudart.so.13", "libcublasLt.so.13");
        // Only the driver is looked for outside jgrad.cuda.libs; this machine's system folders may hold none of these.
        assumeFalse(path.find("libcuda.so.1").isPresent(), "this machine has an NVIDIA driver");
        assumeFalse(path.find("libcublas.so.13").isPresent() || path.find("libnvrtc.so.13").isPresent());
        CudaStatus status = CudaProbe.run("Linux", "amd64", () -> true, path, MUST_NOT_RUN, CUDNN_MUST_NOT_RUN);
        assertFalse(status.available());
        String reason = status.reason();
        assertTrue(reason.startsWith("no NVIDIA driver: libcuda.so.1 not found; also missing: "
                + "libcublas.so.13 (cuBLAS), libnvrtc.so.13 (NVRTC); searched " + temp.resolve("lib") + ":"), reason);
        assertTrue(reason.contains("/usr/local/cuda/lib64"), reason);
        assertTrue(reason.endsWith("(add folders with -Djgrad.cuda.libs=DIR:DIR or LD_LIBRARY_PATH)"), reason);
    }

    @Test
    void missingLibrariesWithADriverPresentAreListed() {
        List<NativeLibrary> missing = List.of(NativeLibrary.CUBLAS, NativeLibrary.NVRTC);
        String reason = CudaProbe.missingReason(missing, LibrarySearchPath.of("/x", null, null));
        assertTrue(reason.startsWith("CUDA libraries not found: libcublas.so.13 (cuBLAS), libnvrtc.so.13 (NVRTC); searched /x:"),
                reason);
    }

    @Test
    void theNativeStageGetsEveryLibraryInLoadOrder() throws IOException {
        LibrarySearchPath path = searchPathWith("libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13",
                "libnvrtc.so.13");
        List<Path> seen = new ArrayList<>();
        CudaStatus verdict = new CudaStatus(false, "fake native verdict", 13000, 13000, List.of());
        CudaStatus status = CudaProbe.run("Linux", "amd64", () -> true, path, libraries -> {
            seen.addAll(libraries);
            return verdict;
        }, CUDNN_MUST_NOT_RUN);
        assertSame(verdict, status);
        Path lib = temp.resolve("lib");
        assertEquals(List.of(lib.resolve("libcuda.so.1"), lib.resolve("libcudart.so.13"), lib.resolve("libcublasLt.so.13"),
                lib.resolve("libcublas.so.13"), lib.resolve("libnvrtc.so.13")), seen);
    }

    @Test
    void cublasLtIsTakenFromCublassOwnFolder() throws IOException {
        Path toolkit = Files.createDirectories(temp.resolve("toolkit"));
        Path wheel = Files.createDirectories(temp.resolve("wheel"));
        Files.writeString(toolkit.resolve("libcublasLt.so.13"), "");
        Files.writeString(wheel.resolve("libcublasLt.so.13"), "");
        Files.writeString(wheel.resolve("libcublas.so.13"), "");
        LibrarySearchPath path = LibrarySearchPath.of(toolkit + ":" + wheel, null, null);
        assertEquals(wheel.resolve("libcublasLt.so.13"), CudaProbe.locate(NativeLibrary.CUBLAS_LT, path).orElseThrow());
        LibrarySearchPath toolkitOnly = LibrarySearchPath.of(toolkit.toString(), null, null);
        assumeFalse(toolkitOnly.find("libcublas.so.13").isPresent(), "this machine has cuBLAS in a system folder");
        assertEquals(toolkit.resolve("libcublasLt.so.13"), CudaProbe.locate(NativeLibrary.CUBLAS_LT, toolkitOnly).orElseThrow(),
                "no cuBLAS: the search order decides");
    }

    @Test
    void aFailingStageBecomesAReasonNotAnException() throws IOException {
        LibrarySearchPath path = searchPathWith("libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13",
                "libnvrtc.so.13");
        CudaStatus status = CudaProbe.run("Linux", "amd64", () -> true, path, libraries -> {
            throw new UnsatisfiedLinkError("boom");
        }, CUDNN_MUST_NOT_RUN);
        assertFalse(status.available());
        assertEquals("the CUDA probe failed: java.lang.UnsatisfiedLinkError: boom", status.reason());
    }

    @Test
    void thisMachinesVerdictIsCachedAndNeverThrows() {
        CudaStatus first = Cuda.status();
        assertSame(first, Cuda.status());
        assertFalse(first.reason().isBlank());
        if (!first.available()) {
            var e = assertThrows(IllegalStateException.class, () -> Cuda.memoryStats());
            assertTrue(e.getMessage().contains(first.reason()), e.getMessage());
        }
    }

    @Test
    void withoutADriverOnThisMachineTheReasonSaysSo() {
        assumeFalse(LibrarySearchPath.fromEnvironment().find("libcuda.so.1").isPresent(), "this machine has a driver");
        CudaStatus status = Cuda.status();
        assertFalse(status.available());
        assertTrue(status.reason().startsWith("no NVIDIA driver: libcuda.so.1 not found"), status.reason());
        assertTrue(status.reason().contains("searched ") && status.reason().contains("/usr/local/cuda/lib64"), status.reason());
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndReportsTheVerdict() {
        BackendProvider cuda = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
        assertEquals("cuda", cuda.deviceType());
        Availability availability = cuda.availability();
        assertEquals(Cuda.status().available(), availability.available());
        assertEquals(Cuda.status().reason(), availability.reason());
        Backends.ProviderInfo listed = Backends.providers().stream().filter(i -> i.provider().name().equals("cuda"))
                .findFirst().orElseThrow();
        assertEquals(availability, listed.availability());
    }

    @Test
    void askingForTheDeviceWithoutCudaGivesTheReason() {
        CudaStatus status = Cuda.status();
        assumeFalse(status.available(), "CUDA is available here");
        var e = assertThrows(IllegalStateException.class, () -> Backends.forDevice(Device.cuda(0)));
        assertTrue(e.getMessage().contains("cuda: " + status.reason()), e.getMessage());
    }
}
