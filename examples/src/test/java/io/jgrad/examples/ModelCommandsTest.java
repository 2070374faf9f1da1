package io.jgrad.examples;

import io.jgrad.data.Datasets;
import io.jgrad.examples.JgradCliTest.Run;
import io.jgrad.data.IdxArray;
import io.jgrad.data.IdxReader;
import io.jgrad.io.SafetensorsEntry;
import io.jgrad.io.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.jgrad.examples.JgradCliTest.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model commands on a tiny fashion-mlp run (one epoch, 300 images): inspect, evaluate and predict on its model
 * file, and training resumed from its checkpoint.
 */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    private static Path run1, data;
    private static String trainedAccuracy;

    private static Run train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "fashion-mlp", "--limit", "300", "--batch-size", "100",
                "--out", out.toString(), "--plain"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void trainOneEpoch() {
        data = Datasets.findFashionMnist(null);
        assumeTrue(data != null, "Fashion-MNIST files not installed");
        run1 = dir.resolve("run1");
        Run r = train(run1, "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        trainedAccuracy = r.out().lines().toList().getLast();
        assertTrue(trainedAccuracy.matches("test accuracy: 0\\.\\d{4}"), r.out());
    }

    @Test
    void inspectShowsTensorsParametersAndTheModelCard() {
        Run r = run("inspect", run1.resolve("model.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\n0.weight  F32    [512, 784]\n"), r.out());
        assertTrue(r.out().contains("6 tensors, 535,818 elements, 2,143,272 bytes of data\n"), r.out());
        assertTrue(r.out().contains("model: 535,818 trainable parameters\n"), r.out());
        assertTrue(r.out().contains("  jgrad.format: 1\n"), r.out());
        assertTrue(r.out().contains("  jgrad.classes: [\"T-shirt/top\",\"Trouser\","), r.out());
        assertTrue(r.out().contains("  jgrad.architecture: "
                + "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Dense\",\"in\":784,"),
                r.out());
        assertTrue(r.out().contains("  jgrad.preprocessing: "
                + "{\"input_shape\":[784],\"steps\":[{\"type\":\"normalize\",\"mean\":[0.2"),
                r.out());
        assertTrue(r.out().contains("  jgrad.seed: 42\n"), r.out());
        // Any safetensors file: the checkpoint, whose history is cut.
        Run c = run("inspect", run1.resolve("last.safetensors").toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("optimizer."), c.out());
        assertTrue(c.out().contains("  jgrad.run.model: fashion-mlp\n"), c.out());
    }

    @Test
    void evaluateAppliesTheFilesPreprocessingAndReproducesTheTrainingRunsAccuracy() {
        Run r = run("evaluate", "--model", run1.toString(), "--data", data.toString(), "--limit", "300");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("fashion-mlp: 300 test images from " + data, lines.get(0));
        assertTrue(lines.get(1).matches("test loss: \\d\\.\\d{4}"), r.out());
        assertEquals(trainedAccuracy, lines.get(2),
                "the same inputs as in training: normalised with the file's mean/std");
        Run all = run("evaluate", "--model", run1.resolve("model.safetensors").toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().startsWith("fashion-mlp: 10000 test images from "), all.out());
    }

    @Test
    void predictReadsIdxCsvAndPngAndAgrees() throws Exception {
        IdxArray images = IdxReader.readImages(data.resolve("t10k-images-idx3-ubyte.gz"));
        Path csv = dir.resolve("three.csv");
        StringBuilder sb = new StringBuilder("p1,p2,...\n");
        for (int i = 0; i < 3; i++) {
            int row = i;
            sb.append(IntStream.range(0, 784).mapToObj(p -> Integer.toString(images.unsigned(row * 784 + p)))
                    .collect(Collectors.joining(","))).append('\n');
        }
        Files.writeString(csv, sb);
        Path png = dir.resolve("first.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) img.getRaster().setSample(p % 28, p / 28, 0, images.unsigned(p));
        ImageIO.write(img, "png", png.toFile());

        Run fromIdx = run("predict", "--model", run1.toString(), "--input",
                data.resolve("t10k-images-idx3-ubyte.gz").toString());
        assertEquals(0, fromIdx.code(), fromIdx.err());
        List<String> idxLines = fromIdx.out().lines().toList();
        assertEquals(10000, idxLines.size());
        for (String line : idxLines.subList(0, 3)) {
            assertTrue(line.matches("\\d+\t(T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle "
                    + "boot)"
                    + "\t(0\\.\\d{4}|1\\.0000)"), line);
        }
        Run fromCsvAndPng = run("predict", "--model", run1.toString(), "--input", csv.toString(), "--input",
                png.toString());
        assertEquals(0, fromCsvAndPng.code(), fromCsvAndPng.err());
        List<String> lines = fromCsvAndPng.out().lines().toList();
        assertEquals(idxLines.subList(0, 3), lines.subList(0, 3), "CSV rows are the IDX file's first images");
        assertEquals(idxLines.getFirst().replaceFirst("^0\t", "3\t"), lines.get(3), "the PNG is the first image");
    }

    @Test
    void predictRefusesAnImageOfAnotherSizeOrBadCsvByName() throws Exception {
        Path png = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(20, 24, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        Run r = run("predict", "--model", run1.toString(), "--input", png.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("jgrad: --input " + png
                + ": the image is 20x24 pixels; the model takes 28x28 grayscale images"
                + " (resize it first)",
                        "hint: 'jgrad predict --help' shows the options; JAVA_OPTS=-Djgrad.debug=true shows"
                + " the stack trace"), r.err().lines().toList());
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "1,2,3\n");
        Run c = run("predict", "--model", run1.toString(), "--input", csv.toString());
        assertEquals("jgrad: --input " + csv
                + ": line 1 has 3 values; the model takes 28x28 = 784 pixels (0-255) per row"
                + " (no label column)", c.err().lines().findFirst().orElseThrow());
    }

    @Test
    void missingModelsAndDataAreOneLineWithAHint(@TempDir Path empty) {
        Run r = run("evaluate", "--model", empty.resolve("nope").toString());
        assertEquals(1, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals("jgrad: --model " + empty.resolve("nope")
                + ": no such file (give the --out folder of jgrad train or a"
                + " model file)", lines.get(0));
        assertTrue(lines.get(1).startsWith("hint: 'jgrad evaluate --help'"), r.err());
        assertEquals(2, lines.size(), r.err());
        Run d = run("evaluate", "--model", run1.toString(), "--data", empty.toString());
        assertTrue(d.err().startsWith("jgrad: --data " + empty + ": no t10k-images-idx3-ubyte.gz and"), d.err());
        Run i = run("inspect", empty.resolve("x.safetensors").toString());
        assertTrue(i.err().startsWith("jgrad: " + empty.resolve("x.safetensors") + ": no such file"), i.err());
    }

    @Test
    void aUsageErrorIsOneLineAndAHintNotTheUsage() {
        Run r = run("predict", "--model", run1.toString());
        assertEquals(2, r.code());
        assertEquals(List.of("jgrad: Missing required option: '--input=FILE'",
                "try ./jgrad predict --help"),
                r.err().lines().toList());
    }

    @Test
    void quietPrintsOnlyTheFinalMetric() {
        Run r = train(dir.resolve("quiet"), "--epochs", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(trainedAccuracy), r.out().lines().toList());
    }

    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws Exception {
        Path resumed = dir.resolve("resumed"), straight = dir.resolve("straight");
        assertEquals(0, train(resumed, "--epochs", "1").code());
        Run r = train(resumed, "--epochs", "2", "--resume", resumed.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resuming fashion-mlp from " + resumed + " after epoch 1 of 2"), r.out());
        assertTrue(r.out().contains("epoch 2/2 - loss "), r.out());
        assertFalse(r.out().contains("epoch 1/2 - loss "), r.out());
        assertEquals(3, Files.readAllLines(resumed.resolve("history.csv")).size(), "both epochs in the history");
        Run s = train(straight, "--epochs", "2");
        assertEquals(0, s.code(), s.err());
        assertEquals(s.out().lines().toList().getLast(), r.out().lines().toList().getLast());
        List<SafetensorsEntry> a = SafetensorsFile.read(resumed.resolve("model.safetensors")).entries();
        List<SafetensorsEntry> b = SafetensorsFile.read(straight.resolve("model.safetensors")).entries();
        assertEquals(b, a, "the same weights, bit for bit");
    }

    @Test
    void resumeRefusesAFolderWithoutCheckpointAnotherModelOrOtherSettings(@TempDir Path empty) {
        Run none = train(dir.resolve("x"), "--epochs", "2", "--resume", empty.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().startsWith("jgrad: --resume " + empty + ": no checkpoint last.safetensors there"),
                none.err());
        Run cnn = run("train", "fashion-cnn", "--limit", "300", "--batch-size", "100", "--epochs", "2", "--resume",
                run1.toString(), "--out", dir.resolve("y").toString(), "--plain");
        assertEquals(1, cnn.code());
        assertTrue(cnn.err().startsWith("jgrad: --resume " + run1
                + ": the checkpoint is of fashion-mlp, not fashion-cnn"),
                cnn.err());
        Run lr = train(dir.resolve("z"), "--epochs", "2", "--lr", "0.002", "--resume", run1.toString());
        assertEquals(1, lr.code());
        assertTrue(lr.err().startsWith("jgrad: --resume " + run1 + ": the checkpoint was trained with other settings"
                + " (lr: saved 0.001, now 0.002); resume with the same ones"), lr.err());
        Run done = train(dir.resolve("w"), "--epochs", "1", "--resume", run1.toString());
        assertEquals(1, done.code());
        assertTrue(done.err().startsWith("jgrad: --resume " + run1
                + ": the checkpoint holds 1 epochs of the 1 asked for;"
                + " ask for more with --epochs 2 or higher"), done.err());
    }
}
