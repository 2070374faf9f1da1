package io.jgrad.cuda;

import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What can be checked of {@link ElementwiseOps} without a GPU: {@code elementwise.cu}, compiled by nvcc, has exactly
 * the entry points the Java side launches (a misspelt or missing one would only fail on a GPU). Skipped where nvcc
 * cannot be started.
 */
class ElementwiseKernelsTest {
    @TempDir
    Path temp;

    @Test
    void theSourceDefinesExactlyTheKernelsTheJavaSideLaunches() throws Exception {
        KernelSource source = KernelSource.load("elementwise.cu");
        Files.writeString(temp.resolve(source.name()), source.code());
        for (Map.Entry<String, String> header : source.headers().entrySet()) {
            Files.writeString(temp.resolve(header.getKey()), header.getValue());
        }
        Path cubin = temp.resolve("elementwise.cubin");
        Process process;
        try {
            process = new ProcessBuilder("nvcc", "-cubin", "-arch=sm_80", "--std=c++17", "-I", temp.toString(), "-o",
                    cubin.toString(), temp.resolve(source.name()).toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "nvcc cannot be started: " + e.getMessage());
            return;
        }
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "nvcc did not finish in 300 s");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "nvcc failed:\n" + output);

        TreeSet<String> compiled = new TreeSet<>(KernelSourcesNvccTest.kernelNames(Files.readAllBytes(cubin)));
        TreeSet<String> launched = new TreeSet<>(ElementwiseOps.kernels());
        assertEquals(launched, compiled);
    }

    @Test
    void theLaunchedKernelsCoverEveryOpOnTheDtypesTheReferenceComputes() {
        List<String> kernels = ElementwiseOps.kernels();
        // Every unary op on F32 and F64, the 6 that keep integers on I32, I64 and BOOL; 7 binary ops (in and out of
        // place) on the floating types, 6 (no division) on the others; 6 comparisons and where on all five.
        int unary = 2 * UnaryOp.values().length + 3 * 6;
        int binary = 2 * (2 * BinaryOp.values().length + 3 * 6);
        assertEquals(unary + binary + 5 * 6 + 5, kernels.size());
        assertEquals(kernels.size(), new TreeSet<>(kernels).size(), "duplicate kernel names");
        assertTrue(kernels.containsAll(List.of("unary_gelu_tanh_f32", "unary_clamp_u8", "binary_inplace_pow_i32",
                "binary_div_f64", "compare_ge_u8", "where_i64")));
    }
}
