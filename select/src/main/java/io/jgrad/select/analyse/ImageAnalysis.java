package io.jgrad.select.analyse;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.data.DataFileException;
import io.jgrad.data.IdxArray;
import io.jgrad.data.IdxReader;
import io.jgrad.data.Preprocessing;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskProfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of an image task: pixels scaled to [0, 1] (the raw form of jgrad's image readers), then normalised per
 * channel with the data's mean and standard deviation, a {@link Preprocessing.Normalize} step saved with the model.
 */
final class ImageAnalysis {
    private ImageAnalysis() {
    }

    /** An IDX image file and its labels (class names: the label values {@code 0 ... max}). */
    static LabelledImages readIdx(Path images, Path labels, int maxSamples) throws IOException {
        IdxArray x = IdxReader.readImages(images), y = IdxReader.readLabels(labels);
        if (x.count() != y.count()) {
            throw new DataFileException(images + " holds " + x.count() + " images but " + labels + " holds "
                    + y.count() + " labels; give the labels file that belongs to the images");
        }
        int n = maxSamples == 0 ? x.count() : Math.min(maxSamples, x.count());
        int h = x.dims()[1], w = x.dims()[2];
        float[] pixels = new float[n * h * w];
        for (int i = 0; i < pixels.length; i++) pixels[i] = x.unsigned(i) / 255f;
        long[] classes = new long[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            classes[i] = y.unsigned(i);
            top = Math.max(top, y.unsigned(i));
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= top; k++) names.add(Integer.toString(k));
        return new LabelledImages(pixels, classes, names, 1, h, w);
    }

    /** The image task; the normalisation statistics come from the examples {@code options.fitRows()}. */
    static PreparedData analyse(LabelledImages images, String source, AnalysisOptions options) {
        Target target = Target.fromLabels(images.classNames(), images.labels(), source, options.classNames());
        int c = images.channels(), h = images.height(), w = images.width(), n = images.count();
        List<Double> means = new ArrayList<>(), stds = new ArrayList<>();
        double[] mean = new double[c], squares = new double[c];
        float[] p = images.pixels();
        int plane = h * w;
        int[] fit = options.fitRowsOf(n);
        for (int i : fit) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                for (int j = 0; j < plane; j++) mean[ch] += p[base + j];
            }
        }
        for (int ch = 0; ch < c; ch++) mean[ch] /= (double) fit.length * plane;
        for (int i : fit) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                for (int j = 0; j < plane; j++) squares[ch] += (p[base + j] - mean[ch]) * (p[base + j] - mean[ch]);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            double std = Math.sqrt(squares[ch] / ((double) fit.length * plane));
            means.add(mean[ch]);
            stds.add(std > 0 ? std : 1);
        }
        Preprocessing preprocessing = Preprocessing.of(c, h, w).then(new Preprocessing.Normalize(means, stds));
        Tensor raw = Tensor.wrap(p, Shape.of(n, c * plane));
        List<String> findings = new ArrayList<>();
        findings.add(String.format(Locale.ROOT, "%d %s images of %dx%d pixels in %d classes.", n,
                c == 1 ? "gray" : "colour", h, w, target.classNames().size()));
        findings.addAll(target.findings());
        findings.add("Pixels are scaled to [0, 1] and normalised per channel with the data's mean "
                + numbers(means) + " and standard deviation " + numbers(stds) + ".");
        TaskProfile profile = new TaskProfile(Modality.IMAGES, target.task(), n, List.of(c, h, w),
                target.classNames(), target.imbalanceRatio(), findings);
        return new PreparedData(profile, preprocessing.apply(raw), target.tensor(), preprocessing, null);
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(TableAnalysis::number).toList().toString();
    }
}
