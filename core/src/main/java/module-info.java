/** jgrad core: tensors, autodiff, the backend SPI and file formats. */
module io.jgrad.core {
    exports io.jgrad.io;
}
