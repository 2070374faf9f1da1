package io.jgrad.cuda;

import io.jgrad.testing.PhiloxVectors;

import io.jgrad.DType;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.ReferenceBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The port of the random recipes ({@code kernels/random_recipes.cuh}) checked without a GPU: the header is compiled
 * for the host with g++ ({@code -ffp-contract=off}; the CUDA intrinsics it calls become the IEEE operations they name,
 * see {@code host/random_recipes_host.cpp}) and must give the reference backend's bits for every distribution and
 * dtype, at offsets that wrap the 64-bit counter, and the Philox known answers. Skipped where g++ is not on the PATH.
 * (What only a GPU can prove, that the device's intrinsics round as IEEE says, {@code RandomKernelsGpuTest} and the
 * kit's {@code RandomContract} check there.)
 */
class RandomRecipesHostTest {
    private static final ReferenceBackend REFERENCE = new ReferenceBackend();

    @TempDir
    static Path temp;
    private static Path program;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path gpp = HostPrograms.onPath("g++");
        assumeTrue(gpp != null, "g++ is not on the PATH");
        KernelSource random = KernelSource.load("random.cu");
        Files.writeString(temp.resolve("random_recipes.cuh"), random.headers().get("random_recipes.cuh"));
        program = HostPrograms.buildHarness(gpp, temp, "random_recipes_host");
    }

    @Test
    void philoxGivesTheKnownAnswers() throws IOException, InterruptedException {
        StringBuilder input = new StringBuilder();
        for (long[] v : PhiloxVectors.KAT) {
            input.append("philox");
            for (int word : PhiloxVectors.input(v)) input.append(' ').append(Integer.toHexString(word));
            input.append('\n');
        }
        List<String> lines = lines(runHarness(input.toString()));
        assertEquals(PhiloxVectors.KAT.length, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).trim().split(" ");
            int[] got = new int[words.length];
            for (int j = 0; j < words.length; j++) got[j] = Integer.parseUnsignedInt(words[j], 16);
            assertArrayEquals(PhiloxVectors.expected(PhiloxVectors.KAT[i]), got, "vector " + i);
        }
    }

    private record Draw(RandomDistribution distribution, DType dtype, long seed, long offset, int length) {}

    @Test
    void everyRecipeGivesTheReferenceBits() throws IOException, InterruptedException {
        List<RandomDistribution> distributions = List.of(new RandomDistribution.Uniform(0, 1),
                new RandomDistribution.Uniform(-2.5, 7), new RandomDistribution.Uniform(3, 3),
                // Ranges whose top rounds to high (the nudges below high, F32 and F64), and a tiny one around zero.
                new RandomDistribution.Uniform(1, 1 + 1e-12), new RandomDistribution.Uniform(-1e-50, 0),
                new RandomDistribution.Uniform(1e300, 1.0000000000001e300),
                new RandomDistribution.Normal(0, 1), new RandomDistribution.Normal(3, 0.5),
                new RandomDistribution.Normal(-1e3, 7), new RandomDistribution.Bernoulli(0.3),
                new RandomDistribution.Bernoulli(1), new RandomDistribution.Bernoulli(0),
                new RandomDistribution.Integers(-3, 2), new RandomDistribution.Integers(0, 10),
                new RandomDistribution.Integers(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2),
                new RandomDistribution.Integers(Integer.MIN_VALUE, Integer.MAX_VALUE + 1L));
        List<Draw> draws = new ArrayList<>();
        for (RandomDistribution d : distributions) {
            for (DType t : DType.values()) {
                if (!d.supports(t)) continue;
                for (long offset : new long[] {0, 7, -3, Long.MAX_VALUE - 1}) draws.add(new Draw(d, t, 42, offset, 17));
                draws.add(new Draw(d, t, 0xDEAD_BEEF_0000_0001L, 5, 0));
                draws.add(new Draw(d, t, -9, 1L << 32, 20_003));
            }
        }
        StringBuilder input = new StringBuilder();
        for (Draw d : draws) input.append(request(d)).append('\n');
        List<String> lines = lines(runHarness(input.toString()));
        assertEquals(draws.size(), lines.size());
        for (int i = 0; i < draws.size(); i++) {
            Draw d = draws.get(i);
            long[] expected = bits(REFERENCE.download(
                    REFERENCE.random(d.distribution(), d.dtype(), d.length(), d.seed(), d.offset())));
            String line = lines.get(i).trim();
            String[] words = line.isEmpty() ? new String[0] : line.split(" ");
            long[] got = new long[words.length];
            for (int j = 0; j < words.length; j++) got[j] = Long.parseUnsignedLong(words[j], 16);
            assertArrayEquals(expected, got, d.toString());
        }
    }

    private static String request(Draw d) {
        String kind, a, b;
        switch (d.distribution()) {
            case RandomDistribution.Uniform u -> { kind = "uniform"; a = hex(u.low()); b = hex(u.high()); }
            case RandomDistribution.Normal n -> { kind = "normal"; a = hex(n.mean()); b = hex(n.std()); }
            case RandomDistribution.Bernoulli p -> { kind = "bernoulli"; a = hex(p.p()); b = "0"; }
            case RandomDistribution.Integers r -> {
                kind = "integers";
                a = Long.toString(r.low());
                b = Long.toString(r.high());
            }
        }
        return String.join(" ", kind, Transfers.suffix(d.dtype()), Long.toString(d.seed()), Long.toString(d.offset()),
                Integer.toString(d.length()), a, b);
    }

    private static String hex(double v) { return Long.toHexString(Double.doubleToRawLongBits(v)); }

    /** Raw float bits for F32, raw double bits for F64, the value for integers and BOOL (as the harness prints). */
    private static long[] bits(HostStorage h) {
        long[] out = new long[h.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (h.dtype()) {
                case F32 -> Integer.toUnsignedLong(Float.floatToRawIntBits(h.floats()[i]));
                case F64 -> Double.doubleToRawLongBits(h.doubles()[i]);
                default -> h.getLong(i);
            };
        }
        return out;
    }

    private static List<String> lines(String output) { return output.lines().toList(); }

    private static String runHarness(String input) throws IOException, InterruptedException {
        Path file = Files.createTempFile(temp, "requests", ".txt");
        Files.writeString(file, input);
        return HostPrograms.run(List.of(program.toString()), file);
    }
}
