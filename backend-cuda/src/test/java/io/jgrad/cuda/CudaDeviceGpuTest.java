package io.jgrad.cuda;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's findings and the per-device context on a real GPU. */
@GpuTest
class CudaDeviceGpuTest {
    @Test
    void theProbeFoundACuda13RuntimeAndASupportedDevice() {
        CudaStatus status = Cuda.status();
        assertTrue(status.runtimeVersion() >= 13000, "runtime " + status.runtimeVersion());
        assertTrue(status.driverVersion() >= status.runtimeVersion(), "driver " + status.driverVersion());
        CudaDeviceInfo info = status.device(0);
        assertTrue(info.supported(), info.describe());
        assertTrue(info.arch().matches("sm_\\d{2,3}"), info.arch());
        assertTrue(info.totalMemory() > 0 && info.multiprocessors() > 0, info.describe());
        assertTrue(status.reason().contains(info.name()), status.reason());
    }

    @Test
    void theDeviceIsOpenedOnceAndWorksFromAnotherThread() throws InterruptedException {
        assertSame(Cuda.device(0), Cuda.device(0));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<float[]> result = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                DeviceBlock block = DeviceArrays.upload(new float[] {1, 2, 3});
                result.set(DeviceArrays.downloadFloats(block, 3));
                DeviceArrays.free(block);
                Cuda.device(0).context().synchronize();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();
        if (failure.get() != null) throw new AssertionError("work on a second thread failed", failure.get());
        assertArrayEquals(new float[] {1, 2, 3}, result.get());
    }

    @Test
    void aMissingDeviceIsNamed() {
        int count = Cuda.status().devices().size();
        var e = assertThrows(IllegalArgumentException.class, () -> Cuda.device(count));
        assertEquals("no device cuda:" + count + " (" + count + " CUDA device" + (count == 1 ? "" : "s") + " found)", e.getMessage());
    }
}
