package io.jgrad.cpu;

import io.jgrad.Device;
import io.jgrad.backend.Availability;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;
import io.jgrad.cpu.threads.Parallel;

/** Registers {@link CpuBackend} as {@code cpu-simd}, preferred over the reference backend when the Vector API loads. */
public final class CpuBackendProvider implements BackendProvider {
    @Override public String name() { return "cpu-simd"; }

    @Override public String deviceType() { return "cpu"; }

    @Override public int priority() { return 100; }

    @Override
    public Availability availability() {
        try {
            // Touching a species forces the incubator module to resolve and its classes to initialise.
            int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
            return Availability.yes("Vector API, " + lanes + " float lanes, " + Parallel.THREADS + " threads");
        } catch (LinkageError e) {
            return Availability.no("the Vector API (jdk.incubator.vector) is not resolvable (" + e.getClass().getSimpleName()
                    + "); start the JVM with --add-modules jdk.incubator.vector");
        }
    }

    @Override public Backend create(Device device) { return new CpuBackend(); }
}
