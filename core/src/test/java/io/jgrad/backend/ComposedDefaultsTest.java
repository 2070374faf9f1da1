package io.jgrad.backend;

/** The SPI's default compositions (on a backend that implements only the primitives) against the reference loops. */
class ComposedDefaultsTest extends FusedConvPoolChannelContract {
    private final Backend defaults = PrimitivesOnly.overReference();

    @Override protected Backend backend() { return defaults; }
}
