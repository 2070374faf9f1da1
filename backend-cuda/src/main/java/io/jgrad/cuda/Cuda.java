package io.jgrad.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA backend's process-wide state: whether CUDA can run here (probed once), the devices opened so far, and
 * their memory figures.
 */
public final class Cuda {
    private static final Map<Integer, CudaDevice> DEVICES = new ConcurrentHashMap<>();

    private Cuda() {}

    /** The probe's verdict, with versions and devices (probed on first call, never throws). */
    public static CudaStatus status() { return CudaProbe.status(); }

    /** Whether the CUDA backend can run here; {@link #status()} says why not. */
    public static boolean isAvailable() { return status().available(); }

    /** The caching allocator's figures for {@code cuda:0}. */
    public static MemoryStats memoryStats() { return memoryStats(0); }

    /**
     * The caching allocator's figures for {@code cuda:N}; {@link MemoryStats#NONE} for a device not used yet.
     *
     * @throws IllegalStateException when CUDA is not available, with the reason
     */
    public static MemoryStats memoryStats(int device) {
        status().device(device);
        CudaDevice opened = DEVICES.get(device);
        return opened == null ? MemoryStats.NONE : opened.allocator().stats();
    }

    /** Gives every device's cached (freed, unused) blocks back to the driver. */
    public static void emptyCache() {
        for (CudaDevice device : DEVICES.values()) device.allocator().emptyCache();
    }

    /** The device {@code cuda:N}, opened on first use. */
    static CudaDevice device(int ordinal) {
        CudaDevice device = DEVICES.get(ordinal);
        if (device != null) return device;
        CudaDeviceInfo info = status().device(ordinal);
        return DEVICES.computeIfAbsent(ordinal, n -> CudaDevice.open(info));
    }

    /** Closes every opened device (tests; a JVM's exit releases everything anyway). */
    static void closeAll() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Integer ordinal : List.copyOf(DEVICES.keySet())) {
            CudaDevice device = DEVICES.remove(ordinal);
            try {
                device.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) throw failures.getFirst();
    }
}
