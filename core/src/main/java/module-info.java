/** jgrad core: tensors, autodiff, the backend SPI, the reference backend and model file I/O. */
module io.jgrad.core {
    exports io.jgrad;
    exports io.jgrad.autograd;
    exports io.jgrad.backend;
    exports io.jgrad.io;

    uses io.jgrad.backend.BackendProvider;
}
