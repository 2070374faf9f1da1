package io.jgrad.data.augment;

import io.jgrad.Generator;

import java.util.Arrays;

/** Per-channel {@code (x - mean[c]) / std[c]}, as torchvision's {@code Normalize}; deterministic. */
public record Normalize(double[] mean, double[] std) implements ImageOp {
    public Normalize {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalize: need one mean and one std per channel, got " + mean.length + " and " + std.length);
        }
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + Arrays.toString(std));
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public void apply(float[] image, int channels, int height, int width, Generator g) {
        if (channels != mean.length) {
            throw new IllegalArgumentException("normalize: " + mean.length + " channel statistics for an image with " + channels + " channels");
        }
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float m = (float) mean[c], inv = (float) (1 / std[c]);
            for (int i = c * plane; i < (c + 1) * plane; i++) image[i] = (image[i] - m) * inv;
        }
    }
}
