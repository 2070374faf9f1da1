package io.jgrad.select.analyse;

import java.util.List;

/**
 * Images with their class labels as read from a source, before preprocessing.
 *
 * @param pixels     {@code count * channels * height * width} values in [0, 1], example by example, channel-major
 * @param labels     each image's class index into {@code classNames}
 * @param classNames the class names in index order
 * @param channels   1 (gray) or 3 (RGB)
 * @param height     rows of pixels
 * @param width      columns of pixels
 */
public record LabelledImages(float[] pixels, long[] labels, List<String> classNames, int channels, int height,
                             int width) {
    /** Checks the sizes agree. */
    public LabelledImages {
        classNames = List.copyOf(classNames);
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("LabelledImages: " + pixels.length + " pixel values for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }
}
