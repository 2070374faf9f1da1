package io.jgrad.cuda;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compiles every kernel source with nvcc for sm_80 and sm_90 (the architectures of the A100 and H100/H200), so a
 * syntax or type error shows up on a machine without a GPU; skipped where nvcc is not on the PATH. Each kernel must
 * come out unmangled ({@code extern "C"}), the name {@code cuModuleGetFunction} is given.
 */
class KernelSourcesNvccTest {
    private static final List<String> ARCHS = List.of("sm_80", "sm_90");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyKernelSourceCompilesWithNvcc() {
        Optional<Path> nvcc = onPath("nvcc");
        assumeTrue(nvcc.isPresent(), "nvcc is not on the PATH (" + System.getenv("PATH") + ")");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : KernelSource.list()) {
            for (String arch : ARCHS) {
                tests.add(DynamicTest.dynamicTest(name + " for " + arch, () -> compile(nvcc.get(), KernelSource.load(name), arch)));
            }
        }
        assertFalse(tests.isEmpty(), "no kernel sources found");
        return tests.stream();
    }

    private void compile(Path nvcc, KernelSource source, String arch) throws IOException, InterruptedException {
        // The source and its headers are written out, so this works from a jar as well as from a folder.
        Path folder = Files.createDirectories(temp.resolve(arch + "-" + source.name()));
        Files.writeString(folder.resolve(source.name()), source.code());
        for (Map.Entry<String, String> header : source.headers().entrySet()) {
            Path file = folder.resolve(header.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, header.getValue());
        }
        Path cubin = folder.resolve(source.name() + ".cubin");
        List<String> command = List.of(nvcc.toString(), "-cubin", "-arch=" + arch, "--std=c++17", "-Werror", "all-warnings",
                "-I", folder.toString(), "-o", cubin.toString(), folder.resolve(source.name()).toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("nvcc did not finish in 180 s: " + String.join(" ", command));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), source.name() + " does not compile for " + arch + ":\n" + output);
        List<String> kernels = kernelNames(Files.readAllBytes(cubin));
        assertFalse(kernels.isEmpty(), source.name() + " has no kernels");
        for (String kernel : kernels) {
            assertFalse(kernel.startsWith("_Z"), source.name() + ": kernel " + kernel + " is mangled; declare it extern \"C\"");
        }
    }

    /** The kernels of a CUBIN: each has an ELF section named {@code .nv.info.<kernel>}. */
    static List<String> kernelNames(byte[] cubin) {
        byte[] marker = ".nv.info.".getBytes(StandardCharsets.US_ASCII);
        List<String> names = new ArrayList<>();
        for (int i = 0; i + marker.length < cubin.length; i++) {
            if (!startsWith(cubin, i, marker) || (i > 0 && cubin[i - 1] != 0)) continue;
            int end = i + marker.length;
            while (end < cubin.length && cubin[end] != 0) end++;
            String name = new String(cubin, i + marker.length, end - i - marker.length, StandardCharsets.US_ASCII);
            if (!names.contains(name)) names.add(name);
        }
        return names;
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) if (data[at + j] != prefix[j]) return false;
        return true;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isBlank()) continue;
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    @Test
    void kernelNamesAreReadFromTheSectionTable() {
        byte[] fake = "\0.nv.info\0.nv.info.fill_f32\0.text.fill_f32\0.nv.info._Z3fooPf\0.nv.info.fill_f32\0"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("fill_f32", "_Z3fooPf"), kernelNames(fake));
        assertTrue(kernelNames(new byte[0]).isEmpty());
    }
}
