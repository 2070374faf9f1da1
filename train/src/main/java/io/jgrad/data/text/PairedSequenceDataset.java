package io.jgrad.data.text;

import io.jgrad.data.Batch;
import io.jgrad.data.Dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Source and target sequences for sequence-to-sequence training with teacher forcing. A batch's inputs are, in this
 * order ({@link Batch#of}): the padded sources {@code [B, S]}, their lengths {@code [B]}, and the decoder inputs
 * {@code [B, T]} ({@code <bos>} followed by the target); its one target is the decoder's expected output
 * {@code [B, T]} (the target followed by {@code <eos>}), padded with the padding id, which the loss should ignore.
 * All I64.
 */
public final class PairedSequenceDataset implements Dataset {
    private final List<int[]> sources;
    private final List<int[]> decoderInputs;
    private final List<int[]> decoderTargets;
    private final int padId;

    private PairedSequenceDataset(List<int[]> sources, List<int[]> decoderInputs, List<int[]> decoderTargets,
                                  int padId) {
        this.sources = sources;
        this.decoderInputs = decoderInputs;
        this.decoderTargets = decoderTargets;
        this.padId = padId;
    }

    /**
     * Pairs {@code sources[i]} with {@code targets[i]}.
     *
     * @throws IllegalArgumentException if the counts differ, the padding, begin and end ids are not distinct and
     *                                  non-negative, a source is empty, or a sequence holds the padding id
     */
    public static PairedSequenceDataset of(List<int[]> sources, List<int[]> targets, int padId, int bosId, int eosId) {
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException("PairedSequenceDataset: " + sources.size() + " sources but "
                    + targets.size() + " targets");
        }
        if (padId < 0 || bosId < 0 || eosId < 0 || padId == bosId || padId == eosId || bosId == eosId) {
            throw new IllegalArgumentException("PairedSequenceDataset: the padding (" + padId + "), begin (" + bosId
                    + ") and end (" + eosId + ") ids must be distinct and non-negative");
        }
        List<int[]> src = new ArrayList<>(), in = new ArrayList<>(), out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int[] s = sources.get(i), t = targets.get(i);
            if (s.length == 0) throw new IllegalArgumentException("PairedSequenceDataset: source " + i + " is empty");
            SequenceCollate.checkTokens(s, i, padId);
            SequenceCollate.checkTokens(t, i, padId);
            src.add(s.clone());
            int[] decoderIn = new int[t.length + 1], decoderOut = new int[t.length + 1];
            decoderIn[0] = bosId;
            System.arraycopy(t, 0, decoderIn, 1, t.length);
            System.arraycopy(t, 0, decoderOut, 0, t.length);
            decoderOut[t.length] = eosId;
            in.add(decoderIn);
            out.add(decoderOut);
        }
        return new PairedSequenceDataset(List.copyOf(src), List.copyOf(in), List.copyOf(out), padId);
    }

    /** The padding id. */
    public int padId() { return padId; }

    @Override
    public int size() { return sources.size(); }

    @Override
    public Batch get(int[] indices) {
        List<int[]> src = new ArrayList<>(indices.length), in = new ArrayList<>(indices.length);
        List<int[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("PairedSequenceDataset: index " + i
                    + " outside " + size() + " pairs");
            src.add(sources.get(i));
            in.add(decoderInputs.get(i));
            out.add(decoderTargets.get(i));
        }
        SequenceCollate.Padded s = SequenceCollate.stack(src, padId);
        return Batch.of(List.of(s.ids(), s.lengths(), SequenceCollate.stack(in, padId).ids()),
                List.of(SequenceCollate.stack(out, padId).ids()));
    }
}
