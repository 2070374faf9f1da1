package io.jgrad.decode;

import io.jgrad.DType;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DecodingTest {
    private static final int EOS = 0, BOS = 1, A = 2, B = 3, C = 4;
    private static final double E = 1e-4; // "never": keeps every log-probability finite

    /**
     * Greedy takes A (0.6) first and ends with A C (0.6 * 0.4 * ~1 = 0.24); the best sequence is B alone
     * (0.4 * 0.9 = 0.36), which beam search finds.
     */
    private static BigramModel trap() {
        double[][] p = new double[5][5];
        p[EOS] = new double[] {1 - 4 * E, E, E, E, E};
        p[BOS] = new double[] {E, E, 0.6 - 1.5 * E, 0.4 - 1.5 * E, E};
        p[A] = new double[] {0.3 - E, E, 0.3 - E, E, 0.4};
        p[B] = new double[] {0.9, E, 0.1 - 3 * E, E, E};
        p[C] = new double[] {1 - 4 * E, E, E, E, E};
        return new BigramModel(p);
    }

    private static Tensor prompt(long... firstTokens) {
        return Tensor.of(firstTokens, firstTokens.length, 1);
    }

    /** The most likely ended sequence of at most {@code max} tokens (the end token included), by enumeration. */
    private static int[] bruteForceBest(BigramModel m, int start, int max) {
        int[] best = null;
        double bestLp = Double.NEGATIVE_INFINITY;
        List<int[]> frontier = List.of(new int[0]);
        for (int len = 1; len <= max; len++) {
            List<int[]> grown = new ArrayList<>();
            for (int[] seq : frontier) {
                int last = seq.length == 0 ? start : seq[seq.length - 1];
                double lp = logProb(m, start, seq) + Math.log(m.probability(last, EOS));
                if (lp > bestLp) {
                    bestLp = lp;
                    best = seq;
                }
                for (int t = 1; t < m.vocab(); t++) {
                    int[] longer = Arrays.copyOf(seq, seq.length + 1);
                    longer[seq.length] = t;
                    grown.add(longer);
                }
            }
            frontier = grown;
        }
        return best;
    }

    private static double logProb(BigramModel m, int start, int[] seq) {
        double lp = 0;
        int last = start;
        for (int t : seq) {
            lp += Math.log(m.probability(last, t));
            last = t;
        }
        return lp;
    }

    @Test
    void greedyFollowsTheMostLikelyNextToken() {
        BigramModel m = trap();
        assertArrayEquals(new int[] {A, C}, Greedy.decode(m, null, prompt(BOS), 10, EOS).getFirst());
        assertEquals(3, m.calls, "the prompt, then A and C; the end token stops it");
        assertArrayEquals(new int[] {A, C}, Greedy.decode(m.prefixes(), prompt(BOS), 10, EOS).getFirst(),
                "the same through whole prefixes");
    }

    @Test
    void beamSearchFindsABetterSequenceThanGreedy() {
        BigramModel m = trap();
        assertArrayEquals(new int[] {B}, bruteForceBest(m, BOS, 5), "the known best sequence");
        BeamSearch search = new BeamSearch(2, 5, EOS, 0);
        List<BeamSearch.Hypothesis> found = search.search(m, null, prompt(BOS)).getFirst();
        assertArrayEquals(new int[] {B}, found.getFirst().tokens());
        assertEquals(Math.log(m.probability(BOS, B)) + Math.log(m.probability(B, EOS)), found.getFirst().logProb(), 1e-6);
        assertTrue(found.getFirst().ended());
        assertEquals(2, found.size());
        assertArrayEquals(new int[] {A, C}, found.get(1).tokens(), "the runner-up is greedy's answer");
        assertTrue(found.get(0).score() >= found.get(1).score());
        assertArrayEquals(new int[] {A, C}, new BeamSearch(1, 5, EOS, 0).decode(m, null, prompt(BOS)).getFirst(),
                "a beam of one is greedy");
        assertArrayEquals(new int[] {B}, search.decode(m.prefixes(), prompt(BOS)).getFirst());
    }

    @Test
    void beamSearchIsBatchedAndRowsAreIndependent() {
        BigramModel m = trap();
        BeamSearch search = new BeamSearch(3, 6, EOS, 0);
        List<int[]> batched = search.decode(m, null, prompt(BOS, A, C));
        assertEquals(3, batched.size());
        for (int i = 0; i < 3; i++) {
            int start = new int[] {BOS, A, C}[i];
            assertArrayEquals(search.decode(m, null, prompt(start)).getFirst(), batched.get(i), "row " + i);
            assertArrayEquals(bruteForceBest(m, start, 6), batched.get(i), "row " + i + " is the best sequence");
        }
    }

    @Test
    void aWideBeamIsExhaustiveOnRandomTables() {
        Generator g = new Generator(17);
        for (int trial = 0; trial < 5; trial++) {
            double[][] p = new double[4][4];
            for (double[] row : p) {
                double sum = 0;
                for (int j = 0; j < 4; j++) sum += row[j] = 0.05 + g.nextDouble();
                for (int j = 0; j < 4; j++) row[j] /= sum;
            }
            BigramModel m = new BigramModel(p);
            // 3 non-end tokens: at most 27 open prefixes of 3 tokens, so 27 beams keep every one.
            int[] found = new BeamSearch(27, 4, EOS, 0).search(m, null, prompt(1)).getFirst().stream()
                    .filter(BeamSearch.Hypothesis::ended).findFirst().orElseThrow().tokens();
            assertArrayEquals(bruteForceBest(m, 1, 4), found, "trial " + trial);
        }
    }

    /** A trigram table: the next token depends on the last two tokens of the prefix (the first one is repeated). */
    private static double[][][] trigramTable(long seed, int vocab) {
        Generator g = new Generator(seed);
        double[][][] p = new double[vocab][vocab][vocab];
        for (double[][] plane : p) {
            for (double[] row : plane) {
                double sum = 0;
                for (int j = 0; j < vocab; j++) sum += row[j] = 0.05 + g.nextDouble();
                for (int j = 0; j < vocab; j++) row[j] /= sum;
            }
        }
        return p;
    }

    @Test
    void beamsCarryTheirOwnHistoryThroughSelect() {
        int vocab = 4;
        double[][][] p = trigramTable(23, vocab);
        PrefixModel trigram = prefixes -> {
            long[] ids = prefixes.contiguous().toLongArray();
            int rows = prefixes.dim(0), t = prefixes.dim(1);
            float[] out = new float[rows * vocab];
            for (int r = 0; r < rows; r++) {
                int last = (int) ids[r * t + t - 1], before = (int) ids[r * t + Math.max(0, t - 2)];
                for (int v = 0; v < vocab; v++) out[r * vocab + v] = (float) Math.log(p[before][last][v]);
            }
            return Tensor.of(out, rows, vocab);
        };
        // Brute force over every sequence of at most 4 tokens (the end token included) after the prompt [1].
        int[] best = null;
        double bestLp = Double.NEGATIVE_INFINITY;
        List<int[]> frontier = List.of(new int[] {1});
        for (int len = 1; len <= 4; len++) {
            List<int[]> grown = new ArrayList<>();
            for (int[] seq : frontier) {
                double lp = trigramLogProb(p, seq, EOS);
                if (lp > bestLp) {
                    bestLp = lp;
                    best = Arrays.copyOfRange(seq, 1, seq.length);
                }
                for (int t = 1; t < vocab; t++) {
                    int[] longer = Arrays.copyOf(seq, seq.length + 1);
                    longer[seq.length] = t;
                    grown.add(longer);
                }
            }
            frontier = grown;
        }
        List<BeamSearch.Hypothesis> all = new BeamSearch(27, 4, EOS, 0).search(trigram.stepwise(), null, prompt(1))
                .getFirst();
        BeamSearch.Hypothesis found = all.stream().filter(BeamSearch.Hypothesis::ended).findFirst().orElseThrow();
        assertArrayEquals(best, found.tokens());
        assertEquals(bestLp, found.logProb(), 1e-4);
        for (BeamSearch.Hypothesis h : all) { // each beam was scored with its own history
            int[] seq = new int[h.tokens().length + 1];
            seq[0] = 1;
            System.arraycopy(h.tokens(), 0, seq, 1, h.tokens().length);
            double lp = h.ended() ? trigramLogProb(p, seq, EOS) : trigramLogProb(p, Arrays.copyOf(seq, seq.length - 1),
                    seq[seq.length - 1]);
            assertEquals(lp, h.logProb(), 1e-4, h.toString());
        }
    }

    private static double trigramLogProb(double[][][] p, int[] seq, int end) {
        double lp = 0;
        int[] all = Arrays.copyOf(seq, seq.length + 1);
        all[seq.length] = end;
        for (int i = 1; i < all.length; i++) lp += Math.log(p[all[Math.max(0, i - 2)]][all[i - 1]][all[i]]);
        return lp;
    }

    @Test
    void lengthNormalisationPrefersTheLongerSequenceWithBetterTokens() {
        double[][] p = new double[4][4];
        p[EOS] = new double[] {1 - 3 * E, E, E, E};
        p[BOS] = new double[] {0.6, E, 0.4 - 2 * E, E};  // end at once (0.6) or A (0.4)
        p[A] = new double[] {E, E, E, 1 - 3 * E};         // A is always followed by B
        p[B] = new double[] {1 - 3 * E, E, E, E};         // and B by the end
        BigramModel m = new BigramModel(p);
        assertArrayEquals(new int[0], new BeamSearch(2, 5, EOS, 0).decode(m, null, prompt(BOS)).getFirst(),
                "by log-probability the empty sequence wins");
        List<BeamSearch.Hypothesis> normalised = new BeamSearch(2, 5, EOS, 1).search(m, null, prompt(BOS)).getFirst();
        assertArrayEquals(new int[] {A, B}, normalised.getFirst().tokens(), "by the mean per token A B wins");
        assertEquals(normalised.getFirst().logProb() / 3, normalised.getFirst().score(), 1e-12, "three tokens with the end");
    }

    @Test
    void hypothesesStillOpenAtTheLimitAreKeptAsUnfinished() {
        double[][] p = {{0.01, 0.33, 0.33, 0.33}, {0.01, 0.33, 0.33, 0.33}, {0.01, 0.33, 0.33, 0.33},
                {0.01, 0.33, 0.33, 0.33}};
        List<BeamSearch.Hypothesis> h = new BeamSearch(2, 3, EOS, 0).search(new BigramModel(p), null, prompt(1)).getFirst();
        assertEquals(2, h.size());
        assertFalse(h.getFirst().ended());
        assertEquals(3, h.getFirst().tokens().length);
        List<int[]> none = new BeamSearch(2, 3, -1, 0).decode(new BigramModel(p), null, prompt(1));
        assertEquals(3, none.getFirst().length, "without an end token every hypothesis runs to the limit");
    }

    @Test
    void samplingIsSeededAndReproducible() {
        BigramModel m = trap();
        Sampler s = Sampler.withTemperature(1);
        List<int[]> a = s.sample(m, null, prompt(BOS, BOS, BOS, BOS), 20, EOS, new Generator(42));
        List<int[]> b = s.sample(m, null, prompt(BOS, BOS, BOS, BOS), 20, EOS, new Generator(42));
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertArrayEquals(a.getFirst(), s.sample(m.prefixes(), prompt(BOS, BOS, BOS, BOS), 20, EOS, new Generator(42))
                .getFirst(), "the same through whole prefixes");
        boolean differs = false;
        for (long seed = 1; seed < 20 && !differs; seed++) {
            differs = !Arrays.equals(a.getFirst(), s.sample(m, null, prompt(BOS), 20, EOS, new Generator(seed)).getFirst());
        }
        assertTrue(differs, "other seeds draw other sequences");
    }

    @Test
    void topKOfOneAndATinyTopPAreGreedy() {
        BigramModel m = trap();
        for (Sampler s : List.of(new Sampler(1.5, 1, 1), new Sampler(1, 0, 1e-9), new Sampler(1e-3, 0, 1))) {
            for (long seed = 0; seed < 5; seed++) {
                assertArrayEquals(new int[] {A, C}, s.sample(m, null, prompt(BOS), 10, EOS, new Generator(seed))
                        .getFirst(), s + " seed " + seed);
            }
        }
    }

    @Test
    void drawsFollowTheTruncatedDistribution() {
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        int n = 40_000;
        assertFrequencies(new Sampler(1, 0, 1), logits, new double[] {0.5, 0.3, 0.15, 0.05}, n);
        assertFrequencies(new Sampler(1, 2, 1), logits, new double[] {0.5 / 0.8, 0.3 / 0.8, 0, 0}, n);
        assertFrequencies(new Sampler(1, 0, 0.7), logits, new double[] {0.5 / 0.8, 0.3 / 0.8, 0, 0}, n);
        assertFrequencies(new Sampler(1, 0, 0.8001), logits, new double[] {0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0}, n);
        // Temperature 2 takes the square root of the probabilities before normalising.
        double[] sqrt = {Math.sqrt(0.5), Math.sqrt(0.3), Math.sqrt(0.15), Math.sqrt(0.05)};
        double sum = Arrays.stream(sqrt).sum();
        for (int i = 0; i < 4; i++) sqrt[i] /= sum;
        assertFrequencies(new Sampler(2, 0, 1), logits, sqrt, n);
    }

    private static void assertFrequencies(Sampler s, float[] logits, double[] expected, int n) {
        Generator g = new Generator(9);
        int[] counts = new int[logits.length];
        for (int i = 0; i < n; i++) counts[s.draw(logits, 0, logits.length, g)]++;
        for (int v = 0; v < logits.length; v++) {
            double sigma = Math.sqrt(expected[v] * (1 - expected[v]) / n);
            assertEquals(expected[v], counts[v] / (double) n, 5 * sigma + 1e-12, s + " token " + v);
        }
    }

    @Test
    void badInputIsNamed() {
        BigramModel m = trap();
        var rank = assertThrows(IllegalArgumentException.class, () -> Greedy.decode(m, null, Tensor.of(new long[] {1}, 1), 5, EOS));
        assertTrue(rank.getMessage().contains("[B, t]"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Greedy.decode(m, null, Tensor.zeros(DType.F32, 1, 1), 5, EOS));
        assertThrows(IllegalArgumentException.class, () -> Greedy.decode(m, null, prompt(BOS), 0, EOS));
        var end = assertThrows(IllegalArgumentException.class, () -> Greedy.decode(m, null, prompt(BOS), 5, 9));
        assertTrue(end.getMessage().contains("end id 9 is outside the model's vocabulary of 5"), end.getMessage());
        PrefixModel wrongShape = prefixes -> Tensor.zeros(prefixes.dim(0), 3, 5);
        var shape = assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2, 5, EOS, 0).decode(wrongShape, prompt(BOS)));
        assertTrue(shape.getMessage().contains("logits [1, V]") && shape.getMessage().contains("[1, 3, 5]"), shape.getMessage());
        PrefixModel nan = prefixes -> Tensor.full(Float.NaN, prefixes.dim(0), 4);
        var bad = assertThrows(IllegalArgumentException.class, () -> Greedy.decode(nan, prompt(BOS), 5, EOS));
        assertTrue(bad.getMessage().contains("NaN"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 5, EOS, 0));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2, 5, EOS, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0, 1.5));
    }
}
