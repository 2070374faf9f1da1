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
    /** What a command line run printed and returned. */
    record Run(int code, String out, String err) {}

    /** Runs {@code jgrad args...} in this JVM. */
    static Run run(String... args) {
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
        Run p = run("train", "fashion-mlp", "--precision", "f8", "--out", dir.toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("--precision must be f32, bf16 or f16, got f8"), p.err());
    }

    /** On the cpu backend the precision changes nothing: f16's loss scaling is exact, so the runs agree exactly. */
    @Test
    void trainWithF16PrecisionOnTheCpuGivesTheF32Result(@TempDir Path dir) {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        String[] args = {"train", "fashion-mlp", "--epochs", "1", "--limit", "200", "--batch-size", "100", "--plain"};
        Run f32 = run(concat(args, "--out", dir.resolve("f32").toString()));
        Run f16 = run(concat(args, "--out", dir.resolve("f16").toString(), "--precision", "F16"));
        assertEquals(0, f32.code(), f32.err());
        assertEquals(0, f16.code(), f16.err());
        assertEquals(f32.out().lines().toList().getLast(), f16.out().lines().toList().getLast(), f16.out());
    }

    @Test
    void aDataFolderThatDoesNotHoldTheDataIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Run missing = run("train", "fashion-mlp", "--data", "/nonexistent/data", "--out", dir.resolve("a").toString());
        assertEquals(1, missing.code());
        assertEquals("jgrad: --data /nonexistent/data: no such folder", firstLine(missing.err()));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run noFiles = run("train", "fashion-mlp", "--data", empty.toString(), "--out", dir.resolve("b").toString());
        assertEquals(1, noFiles.code());
        assertTrue(noFiles.err().startsWith("jgrad: --data " + empty + ": holds no Fashion-MNIST files "
                + "(train-images-idx3-ubyte.gz, "), noFiles.err());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "nothing written");
    }

    @Test
    void aLimitTooSmallForAValidationSplitIsAClearError(@TempDir Path dir) {
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        Run r = run("train", "fashion-mlp", "--limit", "10", "--out", dir.toString(), "--plain");
        assertEquals(1, r.code());
        assertEquals("jgrad: --limit 10 leaves no training image for validation (1 in 12 of each class is held out)",
                firstLine(r.err()));
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedWithoutForce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("history.csv"), "epoch,loss\n1,0.5\n");
        Run r = run("train", "fashion-mlp", "--epochs", "1", "--limit", "100", "--out", dir.toString(), "--plain");
        assertEquals(1, r.code());
        assertEquals("jgrad: " + dir + " holds a run already (history.csv): add --force to overwrite it, or choose "
                + "another folder with --out", firstLine(r.err()));
        assertEquals("epoch,loss\n1,0.5\n", Files.readString(dir.resolve("history.csv")), "left as it was");
        assumeTrue(Datasets.findFashionMnist(null) != null, "Fashion-MNIST files not installed");
        Run forced = run("train", "fashion-mlp", "--epochs", "1", "--limit", "100", "--out", dir.toString(), "--plain",
                "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(2, Files.readAllLines(dir.resolve("history.csv")).size(), "overwritten by the new run");
    }

    @Test
    void anUnwritableOutputFolderIsFoundAtStartWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run r = run("train", "fashion-mlp", "--out", file.resolve("run").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("jgrad: cannot write to --out " + file.resolve("run") + ": "), r.err());
        assertTrue(r.err().contains(file.toString()), "names the file in the way: " + r.err());
        assertFalse(r.out().contains("training"), "fails before loading or training: " + r.out());
    }

    @Test
    void aUsageErrorPrintsOneLineAndAHintNotTheUsage() {
        Run bad = run("train", "fashion-mlp", "--epochs", "many");
        assertEquals(2, bad.code());
        assertEquals(List.of("jgrad: Invalid value for option '--epochs': 'many' is not an int",
                "try ./jgrad train --help"), bad.err().lines().toList());
        Run unknown = run("train", "fashion-mlp", "--epoch", "3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("jgrad: Unknown options: '--epoch', '3'"), unknown.err());
        assertTrue(unknown.err().contains("Possible solutions: --epochs"), unknown.err());
        assertTrue(unknown.err().strip().endsWith("try ./jgrad train --help"), unknown.err());
        assertFalse(unknown.err().contains("Usage:"), unknown.err());
    }

    @Test
    void helpFitsEightyColumnsAndEveryTrainOptionNamesItsDefault() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"train", "--help"},
                new String[] {"devices", "--help"})) {
            Run r = run(args);
            assertEquals(0, r.code());
            r.out().lines().forEach(l -> assertTrue(l.length() <= 80, l.length() + " columns: " + l));
        }
        CommandLine train = JgradCli.commandLine().getSubcommands().get("train");
        for (var option : train.getCommandSpec().options()) {
            if (option.hidden() || option.usageHelp() || option.versionHelp()) continue;
            String help = String.join(" ", option.description());
            assertTrue(help.contains("default"), option.longestName() + ": " + help);
        }
        String lr = String.join(" ", train.getCommandSpec().findOption("--lr").description());
        assertTrue(lr.contains("Adam for fashion-mlp and fashion-cnn, AdamW") && lr.contains("for fashion-resnet"), lr);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** The error's first line: the message (a hint line follows a runtime error). */
    private static String firstLine(String err) { return err.lines().findFirst().orElse(""); }
}
