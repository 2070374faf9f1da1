package io.jgrad.data.augment;

import io.jgrad.Generator;

/**
 * A random rotation by up to {@code ±degrees}, scaling by a factor in {@code [minScale, maxScale]} and translation by
 * up to {@code ±translate} of the width/height, about the image centre, with bilinear sampling and zeros outside
 * (torchvision's {@code RandomAffine} with bilinear interpolation). Each output pixel samples the source at the
 * inverse-transformed position.
 */
public record RandomAffine(double degrees, double minScale, double maxScale, double translate) implements ImageOp {
    public RandomAffine {
        if (!(degrees >= 0 && degrees <= 180)) throw new IllegalArgumentException("random affine: degrees must be in [0, 180], got " + degrees);
        if (!(minScale > 0 && maxScale >= minScale)) {
            throw new IllegalArgumentException("random affine: scale range must satisfy 0 < min <= max, got [" + minScale + ", " + maxScale + "]");
        }
        if (!(translate >= 0 && translate < 1)) throw new IllegalArgumentException("random affine: translate must be in [0, 1), got " + translate);
    }

    @Override
    public void apply(float[] image, int channels, int height, int width, Generator g) {
        double angle = Math.toRadians((2 * g.nextDouble() - 1) * degrees);
        double scale = minScale + (maxScale - minScale) * g.nextDouble();
        double tx = (2 * g.nextDouble() - 1) * translate * width, ty = (2 * g.nextDouble() - 1) * translate * height;
        transform(image, channels, height, width, angle, scale, tx, ty);
    }

    /** Rotates by {@code angle} radians (counter-clockwise on screen), scales, then shifts by (tx, ty) pixels. */
    static void transform(float[] image, int channels, int height, int width, double angle, double scale, double tx, double ty) {
        if (angle == 0 && scale == 1 && tx == 0 && ty == 0) return;
        float[] src = image.clone();
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        // Inverse map: source = R(-angle) * (dst - centre - t) / scale + centre; y points down.
        double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x - cx - tx, v = y - cy - ty;
                double sx = cos * u - sin * v + cx, sy = sin * u + cos * v + cy;
                for (int c = 0; c < channels; c++) {
                    image[(c * height + y) * width + x] = bilinear(src, c * height * width, height, width, sx, sy);
                }
            }
        }
    }

    private static float bilinear(float[] src, int plane, int height, int width, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        double top = (1 - fx) * at(src, plane, height, width, x0, y0) + fx * at(src, plane, height, width, x0 + 1, y0);
        double bottom = (1 - fx) * at(src, plane, height, width, x0, y0 + 1) + fx * at(src, plane, height, width, x0 + 1, y0 + 1);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    private static float at(float[] src, int plane, int height, int width, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : src[plane + y * width + x];
    }
}
