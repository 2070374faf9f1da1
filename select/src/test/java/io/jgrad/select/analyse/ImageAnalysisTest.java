package io.jgrad.select.analyse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.data.DataFileException;
import io.jgrad.data.Preprocessing;
import io.jgrad.select.Modality;
import io.jgrad.select.PreparedData;
import io.jgrad.select.TaskType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAnalysisTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    private void png(Path file, int type, int value) throws IOException {
        BufferedImage img = new BufferedImage(4, 3, type);
        for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) img.setRGB(x, y, value * 0x010101 + x);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void aFolderOfGrayImagesPerClass() throws IOException {
        for (int i = 0; i < 3; i++) {
            png(dir.resolve("cat/" + i + ".png"), BufferedImage.TYPE_BYTE_GRAY, 10 * i);
            png(dir.resolve("dog/" + i + ".png"), BufferedImage.TYPE_BYTE_GRAY, 200);
        }
        Files.writeString(dir.resolve("dog/README.txt"), "not an image");
        PreparedData d = DataAnalyzer.analyse(dir, AnalysisOptions.defaults());
        assertEquals(Modality.IMAGES, d.profile().modality());
        assertEquals(TaskType.BINARY_CLASSIFICATION, d.profile().task());
        assertEquals(List.of("cat", "dog"), d.profile().classNames());
        assertEquals(List.of(1, 3, 4), d.profile().inputShape());
        assertEquals(6, d.size());
        assertNull(d.encoding());
        Preprocessing.Normalize norm = assertInstanceOf(Preprocessing.Normalize.class,
                d.preprocessing().steps().getFirst());
        assertEquals(1, norm.mean().size());
        // Normalised: mean 0 and std 1 over every pixel.
        float[] x = d.inputs().toFloatArray();
        double sum = 0, sq = 0;
        for (float v : x) sum += v;
        for (float v : x) sq += (v - sum / x.length) * (v - sum / x.length);
        assertEquals(0, sum / x.length, 1e-5);
        assertEquals(1, Math.sqrt(sq / x.length), 1e-5);
        // Fitted on the (darker) cats only: a smaller mean, every image still prepared.
        PreparedData cats = DataAnalyzer.analyse(dir, AnalysisOptions.defaults().withFitRows(new int[] {0, 2, 4}));
        double catMean = ((Preprocessing.Normalize) cats.preprocessing().steps().getFirst()).mean().getFirst();
        assertTrue(catMean < norm.mean().getFirst() - 0.1, catMean + " vs " + norm.mean());
        assertEquals(6, cats.size());
        // Round-robin over the classes: a limit of 2 keeps one image of each.
        PreparedData two = DataAnalyzer.analyse(dir, AnalysisOptions.defaults().withMaxSamples(2));
        assertEquals("[0, 1]", java.util.Arrays.toString(two.targets().toLongArray()));
    }

    @Test
    void colourImagesHaveThreeChannels() throws IOException {
        png(dir.resolve("a/x.png"), BufferedImage.TYPE_INT_RGB, 30);
        png(dir.resolve("b/y.png"), BufferedImage.TYPE_BYTE_GRAY, 90);
        PreparedData d = DataAnalyzer.analyse(dir, AnalysisOptions.defaults());
        assertEquals(List.of(3, 3, 4), d.profile().inputShape());
        assertEquals(3, ((Preprocessing.Normalize) d.preprocessing().steps().getFirst()).mean().size());
    }

    @Test
    void badImageFoldersSayWhatToChange() throws IOException {
        var none = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(dir, AnalysisOptions.defaults()));
        assertTrue(none.getMessage().contains("no class subfolders; an image folder needs one subfolder of images"
                + " per class"), none.getMessage());
        png(dir.resolve("a/1.png"), BufferedImage.TYPE_BYTE_GRAY, 1);
        var one = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(dir, AnalysisOptions.defaults()));
        assertTrue(one.getMessage().contains("only one class subfolder (a)"), one.getMessage());
        Files.createDirectories(dir.resolve("b"));
        var empty = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(dir, AnalysisOptions.defaults()));
        assertTrue(empty.getMessage().contains("a class folder with no images"), empty.getMessage());
        Path broken = Files.writeString(dir.resolve("b/broken.png"), "this is no PNG");
        var unreadable = assertThrows(DataFileException.class,
                () -> DataAnalyzer.analyse(dir, AnalysisOptions.defaults()));
        assertTrue(unreadable.getMessage().contains(broken + ": not an image javax.imageio can read"),
                unreadable.getMessage());
        Files.delete(broken);
        BufferedImage big = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(big, "png", dir.resolve("b/big.png").toFile());
        var size = assertThrows(DataFileException.class, () -> DataAnalyzer.analyse(dir, AnalysisOptions.defaults()));
        assertTrue(size.getMessage().contains("big.png: 5x5 pixels, but"), size.getMessage());
        var missing = assertThrows(DataFileException.class,
                () -> DataAnalyzer.analyse(dir.resolve("nothing"), AnalysisOptions.defaults()));
        assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
    }

    @Test
    void fashionMnistSubsetFromItsIdxFolder() throws IOException {
        assumeTrue(Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz")),
                FASHION + " is absent: install the Debian package dataset-fashion-mnist");
        DataSource source = DataSource.of(FASHION);
        assertInstanceOf(DataSource.IdxFiles.class, source);
        PreparedData d = DataAnalyzer.analyse(source, AnalysisOptions.defaults().withMaxSamples(2000));
        assertEquals(Modality.IMAGES, d.profile().modality());
        assertEquals(TaskType.MULTICLASS_CLASSIFICATION, d.profile().task());
        assertEquals(10, d.profile().classes());
        assertEquals(List.of(1, 28, 28), d.profile().inputShape());
        assertEquals(2000, d.size());
        assertEquals("[2000, 1, 28, 28]", java.util.Arrays.toString(d.inputs().shape().dims()));
        assertTrue(d.profile().imbalanceRatio() < 1.5, "Fashion-MNIST is balanced: " + d.profile().imbalanceRatio());
        Preprocessing.Normalize norm = (Preprocessing.Normalize) d.preprocessing().steps().getFirst();
        assertEquals(0.286, norm.mean().getFirst(), 0.01); // the known Fashion-MNIST pixel mean
    }
}
