package io.jgrad.examples;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.data.IdxArray;
import io.jgrad.data.IdxReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grayscale images for {@code jgrad predict}, as F32 {@code [n, height * width]} with pixels in [0, 1] (what the
 * model files' preprocessing starts from). Three kinds of file, told apart by the name's ending:
 * <ul>
 *   <li>{@code .png} (and other formats {@code javax.imageio} reads): one image of exactly {@code height x width};
 *       a colour image is converted to gray by luminance (0.299 R + 0.587 G + 0.114 B); no resizing</li>
 *   <li>{@code .csv}: one image per row, {@code height * width} pixel values 0-255 in row-major order; a first row
 *       that is not numeric is a header and skipped</li>
 *   <li>anything else: an IDX image file (raw or gzip'd, e.g. {@code t10k-images-idx3-ubyte.gz}) of
 *       {@code height x width} images</li>
 * </ul>
 * A file of another size fails with a message naming the expected and the actual size.
 */
final class ImageInputs {
    /** The longest CSV line read (a 28x28 row is about 3 KB). */
    private static final int MAX_LINE = 1 << 20;

    private final int height, width;

    ImageInputs(int height, int width) {
        this.height = height;
        this.width = width;
    }

    /** The images of one file. */
    Tensor read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--input " + file + ": no such file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return csv(file);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp")
                || name.endsWith(".gif")) {
            return image(file);
        }
        return idx(file);
    }

    private Tensor idx(Path file) throws IOException {
        IdxArray images = IdxReader.readImages(file);
        int[] dims = images.dims();
        if (dims[1] != height || dims[2] != width) {
            throw new IllegalArgumentException("--input " + file + ": images of " + dims[1] + "x" + dims[2]
                    + " pixels; the"
                    + " model takes " + height + "x" + width);
        }
        return Tensor.wrap(images.toFloats(1f / 255f), Shape.of(images.count(), height * width));
    }

    private Tensor csv(Path file) throws IOException {
        int size = height * width;
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = boundedLine(in, file); line != null; line = boundedLine(in, file)) {
                lineNumber++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                if (lineNumber == 1 && !isNumber(cells[0].strip())) continue; // a header
                if (cells.length != size) {
                    throw new IllegalArgumentException("--input " + file + ": line " + lineNumber + " has "
                            + cells.length + " values; the model takes " + height + "x" + width + " = " + size
                            + " pixels (0-255) per row"
                            + " (no label column)");
                }
                float[] row = new float[size];
                for (int i = 0; i < size; i++) row[i] = pixel(cells[i].strip(), file, lineNumber, i) / 255f;
                rows.add(row);
            }
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("--input " + file + ": no rows of pixels");
        float[] all = new float[rows.size() * size];
        for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, all, r * size, size);
        return Tensor.wrap(all, Shape.of(rows.size(), size));
    }

    /** A line of at most {@link #MAX_LINE} characters, or null at the end. */
    private static String boundedLine(BufferedReader in, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (sb.length() >= MAX_LINE) throw new IllegalArgumentException("--input " + file + ": a line longer than "
                    + MAX_LINE + " characters");
            if (c != '\r') sb.append((char) c);
        }
        return c < 0 && sb.isEmpty() ? null : sb.toString();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float pixel(String cell, Path file, int line, int column) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= 255)) {
            String shown = cell.length() > 20 ? cell.substring(0, 20) + "..." : cell;
            throw new IllegalArgumentException("--input " + file + ": line " + line + ", value " + (column + 1)
                    + " is \""
                    + shown + "\"; pixels are numbers from 0 to 255");
        }
        return (float) v;
    }

    private Tensor image(Path file) throws IOException {
        if (ModuleLayer.boot().findModule("java.desktop").isEmpty()) {
            throw new IllegalArgumentException("--input " + file + ": reading images needs the java.desktop module,"
                    + " which"
                    + " this Java runtime lacks; use a full JDK, or give the pixels as CSV or IDX");
        }
        return Tensor.wrap(PngPixels.gray(file, height, width), Shape.of(1, height * width));
    }

    /** Image decoding, in its own class so that nothing touches java.desktop unless it is there. */
    private static final class PngPixels {
        static float[] gray(Path file, int height, int width) throws IOException {
            java.awt.image.BufferedImage img;
            try (InputStream in = Files.newInputStream(file)) {
                img = javax.imageio.ImageIO.read(in);
            }
            if (img == null) throw new IllegalArgumentException("--input " + file
                    + ": not an image javax.imageio can read");
            if (img.getWidth() != width || img.getHeight() != height) {
                throw new IllegalArgumentException("--input " + file + ": the image is " + img.getWidth() + "x"
                        + img.getHeight() + " pixels; the model takes " + width + "x" + height
                        + " grayscale images (resize"
                        + " it first)");
            }
            float[] out = new float[height * width];
            boolean gray = img.getType() == java.awt.image.BufferedImage.TYPE_BYTE_GRAY;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v;
                    if (gray) {
                        v = img.getRaster().getSample(x, y, 0);
                    } else {
                        int rgb = img.getRGB(x, y);
                        v = (int) Math.round(0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff)
                                + 0.114 * (rgb & 0xff));
                    }
                    out[y * width + x] = v / 255f;
                }
            }
            return out;
        }
    }
}
