package io.jgrad;

/** How a convolution pads its input: by explicit amounts, to keep the size ({@code SAME}, stride 1), or not at all. */
public enum PaddingMode {
    /** The padding given in the options. */
    EXPLICIT,
    /** Enough zeros that the output has the input's size (stride 1; an odd total puts the extra zero after). */
    SAME,
    /** No padding. */
    VALID
}
