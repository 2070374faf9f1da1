package io.jgrad.data.augment;

import io.jgrad.Generator;

/**
 * One step of an {@link Augmentation}: transforms a single image in place, drawing its random choices from
 * {@code g}. Images are channel-major float arrays {@code [c, h, w]} with pixel values in [0, 1] (before
 * normalization).
 */
public interface ImageOp {
    void apply(float[] image, int channels, int height, int width, Generator g);
}
