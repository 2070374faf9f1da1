package io.jgrad.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Host programs for the tests that compile kernel sources with a host compiler (g++, nvcc) and run them. */
final class HostPrograms {
    private HostPrograms() {}

    /** Runs a command (stdin from {@code input} when given) and returns its output; fails on a non-zero exit. */
    static String run(List<String> command, Path input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (input != null) builder.redirectInput(input.toFile());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("did not finish in 120 s: " + String.join(" ", command));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    /** The executable {@code program} in a folder of PATH, or null. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isBlank()) continue;
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
