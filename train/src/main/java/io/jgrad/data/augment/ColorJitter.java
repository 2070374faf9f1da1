package io.jgrad.data.augment;

import io.jgrad.Generator;

/**
 * Random brightness and contrast, as torchvision's {@code ColorJitter(brightness, contrast)}: pixels are multiplied
 * by a factor in {@code [max(0, 1-brightness), 1+brightness]}, then moved away from or toward the image mean by a
 * factor in {@code [max(0, 1-contrast), 1+contrast]}, and clamped to [0, 1].
 */
public record ColorJitter(double brightness, double contrast) implements ImageOp {
    public ColorJitter {
        if (!(brightness >= 0)) throw new IllegalArgumentException("color jitter: brightness must be >= 0, got " + brightness);
        if (!(contrast >= 0)) throw new IllegalArgumentException("color jitter: contrast must be >= 0, got " + contrast);
    }

    @Override
    public void apply(float[] image, int channels, int height, int width, Generator g) {
        double b = factor(brightness, g), c = factor(contrast, g);
        int n = channels * height * width;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            image[i] = (float) Math.min(1, image[i] * b);
            mean += image[i];
        }
        mean /= Math.max(n, 1);
        for (int i = 0; i < n; i++) image[i] = (float) Math.clamp((image[i] - mean) * c + mean, 0, 1);
    }

    private static double factor(double amount, Generator g) {
        double low = Math.max(0, 1 - amount);
        return low + (1 + amount - low) * g.nextDouble();
    }
}
