package io.jgrad.data.augment;

import io.jgrad.Generator;

/**
 * Pads the image with {@code padding} zeros on every side and crops a random window of the original size, as
 * torchvision's {@code RandomCrop(size, padding)}: a random shift by up to {@code padding} pixels each way.
 */
public record RandomCrop(int padding) implements ImageOp {
    public RandomCrop {
        if (padding < 0) throw new IllegalArgumentException("random crop: padding must be >= 0, got " + padding);
    }

    @Override
    public void apply(float[] image, int channels, int height, int width, Generator g) {
        if (padding == 0) return;
        int dy = g.nextInt(2 * padding + 1) - padding, dx = g.nextInt(2 * padding + 1) - padding;
        float[] src = image.clone();
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                for (int x = 0; x < width; x++) {
                    int sx = x + dx;
                    boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    image[plane + y * width + x] = inside ? src[plane + sy * width + sx] : 0f;
                }
            }
        }
    }
}
