package io.jgrad.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Availability;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;

/**
 * Registers the CUDA backend as {@code cuda} for {@code cuda:N} devices. Loading this class touches no native code;
 * {@link #availability()} runs the probe (once per JVM).
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }

    @Override public String deviceType() { return "cuda"; }

    @Override public int priority() { return 100; }

    @Override
    public Availability availability() {
        CudaStatus status = Cuda.status();
        return status.available() ? Availability.yes(status.reason()) : Availability.no(status.reason());
    }

    @Override
    public Backend create(Device device) {
        if (!device.type().equals("cuda")) throw new IllegalArgumentException("the cuda backend serves cuda:N devices, not " + device);
        return new CudaBackend(Cuda.device(device.index()));
    }
}
