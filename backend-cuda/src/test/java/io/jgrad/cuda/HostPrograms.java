package io.jgrad.cuda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    /**
     * Compiles the test resource {@code host/<name>.cpp} with g++ into {@code folder/<name>} and returns the program;
     * the kernel sources it includes must be in {@code folder} already. The flags keep floating-point operations as
     * written ({@code -ffp-contract=off}: no fused multiply-adds), as NVRTC does.
     */
    static Path buildHarness(Path gpp, Path folder, String name) throws IOException, InterruptedException {
        Path source = folder.resolve(name + ".cpp");
        try (InputStream in = HostPrograms.class.getResourceAsStream("host/" + name + ".cpp")) {
            if (in == null) throw new IOException("no test resource host/" + name + ".cpp");
            Files.write(source, in.readAllBytes());
        }
        Path program = folder.resolve(name);
        String output = run(List.of(gpp.toString(), "-std=c++17", "-O2", "-ffp-contract=off", "-I", folder.toString(),
                "-o", program.toString(), source.toString()), null);
        assertTrue(Files.isExecutable(program), "g++ did not build the harness:\n" + output);
        return program;
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
