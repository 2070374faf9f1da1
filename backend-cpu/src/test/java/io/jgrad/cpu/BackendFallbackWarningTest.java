package io.jgrad.cpu;

import io.jgrad.backend.Backends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Started without {@code --add-modules jdk.incubator.vector}, the CPU backend is on the class path but cannot load: the
 * reference backend then runs, and stderr says so once, with the flag to add (no silent slow path).
 */
class BackendFallbackWarningTest {
    /** Runs in the child JVM: prints the default backend's name, twice, to show the message comes once. */
    public static final class PrintDefaultBackend {
        public static void main(String[] args) {
            System.out.println("backend=" + Backends.defaultBackend().name());
            System.out.println("backend=" + Backends.forDevice(io.jgrad.Device.parse("cpu")).name());
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run childJvm(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintDefaultBackend.class.getName()));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheVectorModuleTheFallbackIsAnnouncedOnceWithTheFlag() throws Exception {
        Run run = childJvm();
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("backend=reference"), run.out());
        String warning = "jgrad: using the reference backend because a faster one is installed but cannot run";
        assertEquals(1, run.err().split(warning, -1).length - 1, run.err());
        assertTrue(run.err().contains("--add-modules jdk.incubator.vector"), run.err());
    }

    @Test
    void withTheVectorModuleTheCpuBackendRunsWithoutAMessage() throws Exception {
        Run run = childJvm("--add-modules", "jdk.incubator.vector");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("backend=cpu-simd"), run.out());
        assertFalse(run.err().contains("jgrad:"), run.err());
    }

    @Test
    void choosingTheReferenceBackendOnPurposeIsQuiet() throws Exception {
        Run run = childJvm("-Djgrad.backend=reference");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("backend=reference"), run.out());
        assertFalse(run.err().contains("jgrad:"), run.err());
    }
}
