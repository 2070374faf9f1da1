package io.jgrad.data.augment;

import io.jgrad.Generator;

/** Mirrors the image left to right with probability {@code p}. */
public record HorizontalFlip(double p) implements ImageOp {
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("horizontal flip: probability must be in [0, 1], got " + p);
    }

    @Override
    public void apply(float[] image, int channels, int height, int width, Generator g) {
        if (g.nextDouble() >= p) return;
        for (int row = 0; row < channels * height; row++) {
            for (int i = row * width, j = i + width - 1; i < j; i++, j--) {
                float t = image[i];
                image[i] = image[j];
                image[j] = t;
            }
        }
    }
}
