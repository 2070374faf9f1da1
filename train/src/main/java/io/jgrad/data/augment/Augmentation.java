package io.jgrad.data.augment;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;
import io.jgrad.data.Batch;
import io.jgrad.data.BatchTransform;

import java.util.ArrayList;
import java.util.List;

/**
 * Image augmentation for a {@link io.jgrad.data.DataLoader}, applied per batch on the loader's thread:
 * <pre>{@code
 * var augment = Augmentation.images(1, 28, 28).seed(42)
 *         .randomCrop(2).horizontalFlip(0.5).affine(10, 0.9, 1.1, 0.05).colorJitter(0.2, 0.2)
 *         .normalize(0.2860, 0.3530).build();
 * DataLoader.builder(train).batchSize(128).shuffle(42).transform(augment).build();
 * }</pre>
 * Inputs are {@code [n, c*h*w]} or {@code [n, c, h, w]} with pixels in [0, 1]; outputs are F32 {@code [n, c, h, w]}
 * (so the same object also reshapes flat datasets for a CNN). The steps run in the order added, each image drawing
 * from one generator seeded by {@link Builder#seed}, so the same seed and batches give the same images.
 */
public final class Augmentation implements BatchTransform {
    private final int channels, height, width;
    private final List<ImageOp> ops;
    private final Generator generator;

    private Augmentation(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.ops = List.copyOf(b.ops);
        this.generator = new Generator(b.seed);
    }

    /** A pipeline for images of {@code channels x height x width}. */
    public static Builder images(int channels, int height, int width) { return new Builder(channels, height, width); }

    @Override
    public synchronized Batch apply(Batch batch) { return new Batch(apply(batch.inputs()), batch.targets()); }

    /** The augmented images as F32 {@code [n, c, h, w]}. */
    public synchronized Tensor apply(Tensor images) {
        int plane = channels * height * width;
        if (images.rank() < 2 || images.numel() != images.dim(0) * plane) {
            throw new IllegalArgumentException("augmentation: expected images [n, " + plane + "] or [n, " + channels + ", " + height
                    + ", " + width + "], got shape " + images.shape());
        }
        int n = images.dim(0);
        float[] data = images.to(io.jgrad.DType.F32).toFloatArray();
        float[] image = new float[plane];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * plane, image, 0, plane);
            for (ImageOp op : ops) op.apply(image, channels, height, width, generator);
            System.arraycopy(image, 0, data, i * plane, plane);
        }
        // Made on the images' backend directly: this thread's default may be another (a loader thread's is the process's).
        try (var on = Backends.use(images.backend())) {
            return Tensor.wrap(data, Shape.of(n, channels, height, width));
        }
    }

    public List<ImageOp> ops() { return ops; }

    public static final class Builder {
        private final int channels, height, width;
        private final List<ImageOp> ops = new ArrayList<>();
        private long seed;

        private Builder(int channels, int height, int width) {
            if (channels <= 0 || height <= 0 || width <= 0) {
                throw new IllegalArgumentException("augmentation: image size must be positive, got " + channels + "x" + height + "x" + width);
            }
            this.channels = channels;
            this.height = height;
            this.width = width;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder horizontalFlip(double p) { return add(new HorizontalFlip(p)); }

        /** Zero-pad by {@code padding} and crop back to the original size at a random offset. */
        public Builder randomCrop(int padding) { return add(new RandomCrop(padding)); }

        /** Rotation by up to ±{@code degrees}. */
        public Builder rotation(double degrees) { return add(new RandomAffine(degrees, 1, 1, 0)); }

        /** Scaling by a factor in [min, max]. */
        public Builder scale(double min, double max) { return add(new RandomAffine(0, min, max, 0)); }

        /** Translation by up to ±{@code fraction} of the width and height. */
        public Builder translate(double fraction) { return add(new RandomAffine(0, 1, 1, fraction)); }

        /** Rotation, scaling and translation in one resampling (less blur than three). */
        public Builder affine(double degrees, double minScale, double maxScale, double translate) {
            return add(new RandomAffine(degrees, minScale, maxScale, translate));
        }

        public Builder colorJitter(double brightness, double contrast) { return add(new ColorJitter(brightness, contrast)); }

        /** One mean and std per channel (a single pair is used for every channel). */
        public Builder normalize(double mean, double std) {
            double[] m = new double[channels], s = new double[channels];
            java.util.Arrays.fill(m, mean);
            java.util.Arrays.fill(s, std);
            return add(new Normalize(m, s));
        }

        public Builder normalize(double[] mean, double[] std) { return add(new Normalize(mean, std)); }

        public Builder add(ImageOp op) {
            ops.add(op);
            return this;
        }

        public Augmentation build() { return new Augmentation(this); }
    }
}
