package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native stage run for real, so a failure inside JavaCPP's loading is shown to come back as a reason. */
class NativeCudaProbeTest {
    @Test
    void aRuntimeWithoutADriverIsReportedNotFatal() {
        LibrarySearchPath path = LibrarySearchPath.fromEnvironment();
        Optional<Path> runtime = path.find(NativeLibrary.RUNTIME.file());
        assumeTrue(runtime.isPresent(), "no libcudart.so.13 here");
        assumeFalse(path.find(NativeLibrary.DRIVER.file()).isPresent(), "this machine has a driver");
        // The runtime loads, the bindings' glue then needs libcuda.so.1 and cannot load: a reason, not a crash.
        CudaStatus status = NativeCudaProbe.probe(List.of(runtime.get()));
        assertFalse(status.available());
        assertTrue(status.reason().startsWith("cannot load the CUDA runtime bindings (org.bytedeco:cuda): "), status.reason());
        assertTrue(status.reason().contains("libcuda.so.1"), status.reason());
    }

    @Test
    void aLibraryThatCannotBeLoadedIsNamed() {
        Path bogus = Path.of("/nonexistent-folder/libcuda.so.1");
        CudaStatus status = NativeCudaProbe.probe(List.of(bogus));
        assertFalse(status.available());
        assertTrue(status.reason().startsWith("cannot load " + bogus + ": UnsatisfiedLinkError"), status.reason());
    }

    @Test
    void describeShowsTheDeepestCause() {
        var inner = new UnsatisfiedLinkError("libnvrtc.so.13: cannot open shared object file");
        var outer = new UnsatisfiedLinkError("no jninvrtc in java.library.path");
        outer.initCause(inner);
        assertEquals("UnsatisfiedLinkError: no jninvrtc in java.library.path (libnvrtc.so.13: cannot open shared object file)",
                NativeCudaProbe.describe(outer));
        assertEquals("IllegalStateException: x", NativeCudaProbe.describe(new IllegalStateException("x")));
    }
}
