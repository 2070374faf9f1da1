package io.jgrad.decode;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search: keeps the {@code beamWidth} most likely continuations of each row, extends each by every token, and
 * keeps the best again, until each row has {@code beamWidth} finished hypotheses that no open one can beat or
 * {@code maxNewTokens} tokens. All rows and beams run through the model together, one call per step.
 *
 * <p>A hypothesis's score is its log-probability divided by {@code length^lengthPenalty}, its length counting the
 * end token: 0 ranks by log-probability (which favours short outputs), 1 by the mean per token. A row stops when its
 * best open beam, scored as if it ended now, is no better than its worst kept finished hypothesis (exact for a
 * penalty of 0, the usual heuristic otherwise, as Hugging Face's default). Beams still open at
 * {@code maxNewTokens} are kept as unfinished hypotheses.
 *
 * @param beamWidth     the number of beams per row, at least 1
 * @param maxNewTokens  the most tokens generated per row, the end token included
 * @param endId         the token that ends a hypothesis, or -1 for none
 * @param lengthPenalty the exponent of the length normalisation (finite; 0 for none)
 */
public record BeamSearch(int beamWidth, int maxNewTokens, int endId, double lengthPenalty) {
    /** Checks the settings. */
    public BeamSearch {
        if (beamWidth < 1) throw new IllegalArgumentException("beam search: beamWidth must be >= 1, got " + beamWidth);
        Tokens.checkLimits("beam search", maxNewTokens, endId);
        if (!Double.isFinite(lengthPenalty)) {
            throw new IllegalArgumentException("beam search: the length penalty must be finite, got " + lengthPenalty);
        }
    }

    /**
     * One decoded sequence.
     *
     * @param tokens  the generated tokens, without the prompt and the end token
     * @param logProb the sum of the tokens' log-probabilities (the end token's included)
     * @param score   {@code logProb / length^lengthPenalty}
     * @param ended   whether it ended with the end token (false: it reached {@code maxNewTokens})
     */
    public record Hypothesis(int[] tokens, double logProb, double score, boolean ended) {
        @Override
        public String toString() {
            return "Hypothesis(" + Arrays.toString(tokens) + ", logProb " + logProb + ", score " + score
                    + (ended ? "" : ", unfinished") + ")";
        }
    }

    /**
     * Up to {@code beamWidth} hypotheses per row of {@code prompt}, best first.
     *
     * @param state  the model's state before the prompt (null when it starts from nothing)
     * @param prompt I64 {@code [B, t]}
     * @throws IllegalArgumentException for a prompt that is not {@code [B, t]} token ids, logits of the wrong shape
     *                                  or with NaN, or an end id outside the vocabulary
     */
    public <S> List<List<Hypothesis>> search(StepModel<S> model, S state, Tensor prompt) {
        Tensor p = Tokens.prompt(prompt, "beam search");
        int rows = p.dim(0);
        List<Row> all = new ArrayList<>(rows);
        List<Beam> open = new ArrayList<>(); // the model's rows, in order
        for (int r = 0; r < rows; r++) {
            Row row = new Row();
            Beam start = new Beam(new int[0], 0, r);
            row.alive.add(start);
            open.add(start);
            all.add(row);
        }
        StepModel.Step<S> s = model.step(p, state);
        for (int length = 1; ; length++) {
            float[] logits = Tokens.read(s.logits(), open.size(), endId, "beam search");
            int vocab = logits.length / open.size();
            double[] logProbs = logSoftmax(logits, open.size(), vocab);
            List<Beam> next = new ArrayList<>();
            for (Row row : all) {
                if (row.done) continue;
                extend(row, logProbs, vocab, length);
                for (Beam b : row.alive) {
                    b.slot = next.size();
                    next.add(b);
                }
            }
            if (next.isEmpty()) break;
            long[] parents = new long[next.size()], tokens = new long[next.size()];
            for (int i = 0; i < parents.length; i++) {
                parents[i] = next.get(i).parent;
                tokens[i] = next.get(i).tokens[next.get(i).tokens.length - 1];
            }
            var backend = s.logits().backend();
            S selected = model.select(s.state(), Tokens.of(parents, backend, parents.length));
            s = model.step(Tokens.of(tokens, backend, tokens.length, 1), selected);
            open = next;
        }
        List<List<Hypothesis>> out = new ArrayList<>(rows);
        for (Row row : all) out.add(List.copyOf(row.finished));
        return out;
    }

    /** The best hypothesis's tokens for each row of {@code prompt}. */
    public <S> List<int[]> decode(StepModel<S> model, S state, Tensor prompt) {
        return search(model, state, prompt).stream().map(h -> h.getFirst().tokens()).toList();
    }

    /** {@link #decode(StepModel, Object, Tensor)} for a model of whole prefixes. */
    public List<int[]> decode(PrefixModel model, Tensor prompt) { return decode(model.stepwise(), null, prompt); }

    /** An open hypothesis: its tokens so far, their log-probability, and its row in the model's batch. */
    private static final class Beam {
        final int[] tokens;
        final double logProb;
        final int parent; // the model row it extends
        int slot;         // its model row at the next step

        Beam(int[] tokens, double logProb, int slot) {
            this.tokens = tokens;
            this.logProb = logProb;
            this.parent = slot;
            this.slot = slot;
        }
    }

    /** One prompt row's open beams and finished hypotheses (best first, at most beamWidth). */
    private static final class Row {
        List<Beam> alive = new ArrayList<>();
        final List<Hypothesis> finished = new ArrayList<>();
        boolean done;
    }

    private double score(double logProb, int length) {
        return lengthPenalty == 0 ? logProb : logProb / Math.pow(length, lengthPenalty);
    }

    /** One step of one row: its new open beams and finished hypotheses after tokens number {@code length}. */
    private void extend(Row row, double[] logProbs, int vocab, int length) {
        Candidates c = new Candidates(2 * beamWidth);
        for (Beam b : row.alive) {
            for (int v = 0; v < vocab; v++) {
                double lp = logProbs[b.slot * vocab + v];
                if (lp != Double.NEGATIVE_INFINITY) c.offer(b.logProb + lp, b, v);
            }
        }
        List<Beam> alive = new ArrayList<>(beamWidth);
        for (int rank = 0; rank < c.count && alive.size() < beamWidth; rank++) {
            Beam b = c.beams[rank];
            if (c.tokens[rank] == endId) {
                if (rank < beamWidth) addFinished(row, new Hypothesis(b.tokens, c.scores[rank], score(c.scores[rank],
                        length), true));
            } else {
                int[] tokens = Arrays.copyOf(b.tokens, b.tokens.length + 1);
                tokens[b.tokens.length] = c.tokens[rank];
                alive.add(new Beam(tokens, c.scores[rank], b.slot));
            }
        }
        row.alive = alive;
        if (length == maxNewTokens) {
            for (Beam b : alive) addFinished(row, new Hypothesis(b.tokens, b.logProb, score(b.logProb, length), false));
            row.alive = List.of();
        }
        if (row.alive.isEmpty()) {
            row.done = true;
        } else if (row.finished.size() >= beamWidth) {
            double bestOpen = score(row.alive.getFirst().logProb, length);
            row.done = bestOpen <= row.finished.getLast().score();
        }
        if (row.done) row.alive = List.of();
    }

    /** Keeps the best beamWidth finished hypotheses, best first (the earlier one first among equal scores). */
    private void addFinished(Row row, Hypothesis h) {
        row.finished.add(h);
        row.finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        while (row.finished.size() > beamWidth) row.finished.removeLast();
    }

    /** The best {@code capacity} (score, beam, token) candidates, best first; earlier offers win ties. */
    private static final class Candidates {
        final double[] scores;
        final Beam[] beams;
        final int[] tokens;
        int count;

        Candidates(int capacity) {
            scores = new double[capacity];
            beams = new Beam[capacity];
            tokens = new int[capacity];
        }

        void offer(double score, Beam beam, int token) {
            if (count == scores.length && score <= scores[count - 1]) return;
            int at = count == scores.length ? count - 1 : count++;
            while (at > 0 && scores[at - 1] < score) {
                scores[at] = scores[at - 1];
                beams[at] = beams[at - 1];
                tokens[at] = tokens[at - 1];
                at--;
            }
            scores[at] = score;
            beams[at] = beam;
            tokens[at] = token;
        }
    }

    /** Row-wise log-softmax in double precision. */
    private static double[] logSoftmax(float[] logits, int rows, int vocab) {
        double[] out = new double[logits.length];
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) max = Math.max(max, logits[o + v]);
            double sum = 0;
            for (int v = 0; v < vocab; v++) sum += Math.exp(logits[o + v] - max);
            double log = max + Math.log(sum);
            for (int v = 0; v < vocab; v++) out[o + v] = logits[o + v] - log;
        }
        return out;
    }
}
