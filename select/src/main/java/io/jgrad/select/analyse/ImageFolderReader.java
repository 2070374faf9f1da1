package io.jgrad.select.analyse;

import io.jgrad.data.DataFileException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder of labelled images: one subfolder per class, named after the class (classes in name order), each
 * holding PNG, JPEG, BMP or GIF files that {@code javax.imageio} reads. Every image must have the size of the first;
 * nothing is resized. The images are gray (one channel) when every image is gray, else RGB (three channels; a gray
 * image among colour ones has its value in all three). Other files (a README) are ignored. Needs the
 * {@code java.desktop} module (check {@link DataAnalyzer#canReadImages()} first).
 */
public final class ImageFolderReader {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFolderReader() {
    }

    /**
     * Reads the folder, at most {@code maxImages} images (0: all; taken class by class in turn so that every class
     * is represented).
     *
     * @throws DataFileException for a folder without class subfolders, a class folder without images, an image
     *                           javax.imageio cannot read or of another size, naming the file
     */
    public static LabelledImages read(Path folder, int maxImages) throws IOException {
        List<Path> classes;
        try (Stream<Path> s = Files.list(folder)) {
            classes = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        }
        if (classes.size() < 2) {
            throw new DataFileException(folder + ": " + (classes.isEmpty() ? "no class subfolders" : "only one class"
                    + " subfolder (" + classes.getFirst().getFileName() + ")") + "; an image folder needs one"
                    + " subfolder of images per class (at least two), e.g. " + folder.resolve("cat") + "/1.png and "
                    + folder.resolve("dog") + "/1.png");
        }
        List<List<Path>> files = new ArrayList<>();
        for (Path c : classes) {
            List<Path> images;
            try (Stream<Path> s = Files.list(c)) {
                images = s.filter(ImageFolderReader::isImageName).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new DataFileException(c + ": a class folder with no images (" + String.join(", ", EXTENSIONS)
                        + "); add images or remove the folder");
            }
            files.add(images);
        }
        List<Path> chosen = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        int limit = maxImages == 0 ? Integer.MAX_VALUE : maxImages;
        for (int i = 0; chosen.size() < limit; i++) { // round-robin over the classes
            boolean any = false;
            for (int k = 0; k < files.size() && chosen.size() < limit; k++) {
                if (i < files.get(k).size()) {
                    chosen.add(files.get(k).get(i));
                    labels.add((long) k);
                    any = true;
                }
            }
            if (!any) break;
        }
        return decode(chosen, labels, classes.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static LabelledImages decode(List<Path> files, List<Long> labels, List<String> names) throws IOException {
        List<BufferedImage> images = new ArrayList<>(files.size());
        boolean gray = true;
        for (Path f : files) {
            BufferedImage img;
            try (InputStream in = Files.newInputStream(f)) {
                img = javax.imageio.ImageIO.read(in);
            } catch (IOException e) {
                throw new DataFileException(f + ": not an image javax.imageio can read (" + e.getMessage() + ");"
                        + " replace or remove the file", e);
            }
            if (img == null) {
                throw new DataFileException(f + ": not an image javax.imageio can read; replace or remove the file");
            }
            BufferedImage first = images.isEmpty() ? img : images.getFirst();
            if (img.getWidth() != first.getWidth() || img.getHeight() != first.getHeight()) {
                throw new DataFileException(f + ": " + img.getWidth() + "x" + img.getHeight() + " pixels, but "
                        + files.getFirst() + " is " + first.getWidth() + "x" + first.getHeight() + "; resize the"
                        + " images to one size");
            }
            gray &= img.getColorModel().getNumColorComponents() == 1;
            images.add(img);
        }
        int h = images.getFirst().getHeight(), w = images.getFirst().getWidth(), channels = gray ? 1 : 3;
        float[] pixels = new float[images.size() * channels * h * w];
        int plane = h * w;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            int base = i * channels * plane;
            boolean oneChannel = img.getColorModel().getNumColorComponents() == 1
                    && img.getRaster().getNumBands() == 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (gray) {
                        pixels[base + y * w + x] = (oneChannel ? img.getRaster().getSample(x, y, 0)
                                * 255f / ((1 << img.getColorModel().getComponentSize(0)) - 1)
                                : img.getRGB(x, y) & 0xff) / 255f;
                    } else {
                        int rgb = img.getRGB(x, y);
                        pixels[base + y * w + x] = (rgb >> 16 & 0xff) / 255f;
                        pixels[base + plane + y * w + x] = (rgb >> 8 & 0xff) / 255f;
                        pixels[base + 2 * plane + y * w + x] = (rgb & 0xff) / 255f;
                    }
                }
            }
        }
        return new LabelledImages(pixels, labels.stream().mapToLong(Long::longValue).toArray(), names, channels, h, w);
    }
}
