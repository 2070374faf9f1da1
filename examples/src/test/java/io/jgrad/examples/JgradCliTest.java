package io.jgrad.examples;

import io.jgrad.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JgradCliTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = JgradCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void noArgumentsPrintsHelpWithTheSubcommands() {
        Run r = run();
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: jgrad"), r.out());
        assertTrue(r.out().contains("devices") && r.out().contains("train"), r.out());
    }

    @Test
    void devicesListsTheReferenceBackendAndTheDefault() {
        Run r = run("devices");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("reference") && l.contains("cpu")), r.out());
        assertTrue(r.out().contains("default: cpu"), r.out());
    }

    @Test
    void trainRejectsAnUnknownModelAndHidesTheLimitOption() {
        Run r = run("train", "imagenet-resnet");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("fashion-mlp"), r.err());
        assertFalse(run("train", "--help").out().contains("--limit"));
    }

    @Test
    void trainFashionMlpOnATinySubsetWritesModelHistoryAndPlots(@TempDir Path dir) throws Exception {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        Run r = run("train", "fashion-mlp", "--epochs", "1", "--limit", "300", "--batch-size", "100", "--out", dir.toString(), "--plain");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("fashion-mlp: 300 training and 300 test images"), r.out());
        assertTrue(r.out().contains("epoch 1/1 - loss "), r.out());
        assertTrue(r.out().contains("samples/s"), r.out());
        assertTrue(lines.getLast().matches("test accuracy: 0\\.\\d{4}"), lines.getLast());
        for (String f : List.of("model.safetensors", "history.csv", "history.json")) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertNotNull(ImageIO.read(dir.resolve("loss.png").toFile()));
        assertNotNull(ImageIO.read(dir.resolve("accuracy.png").toFile()));
        assertEquals(2, Files.readAllLines(dir.resolve("history.csv")).size());
    }

    @Test
    void badOptionsFailWithAClearMessage(@TempDir Path dir) {
        Run r = run("train", "fashion-mlp", "--epochs", "0", "--out", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--epochs must be >= 1"), r.err());
    }
}
