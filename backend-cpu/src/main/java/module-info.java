/** jgrad's CPU backend on the Vector API, found by ServiceLoader. */
module io.jgrad.cpu {
    requires io.jgrad.core;
    requires jdk.incubator.vector;

    provides io.jgrad.backend.BackendProvider with io.jgrad.cpu.CpuBackendProvider;
}
