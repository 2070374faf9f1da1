package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.backend.Backends;

import java.util.Locale;

/**
 * A model of token sequences padded at the end, such as a text classifier: token ids [B, T] through an
 * {@link Embedding} (whose padding index marks the padding), an optional positional encoding, an encoder over the real
 * positions only, a pooling to one vector per sequence, and a head (e.g. a dense layer to logits). Padding changes
 * nothing: a sequence's output is the same alone or in a batch padded to any length.
 *
 * <p>A sequence's length is its number of non-padding ids (at least 1: an all-padding sequence counts as one padding
 * token, whose embedding is zero). The encoder is one of
 * <ul>
 * <li>a batch-first {@link RecurrentLayer} ({@link GRU}, {@link LSTM}, ...), given the lengths, so padded steps
 *     change no state; with {@link Pooling#LAST} it returns its final states (not sequences);</li>
 * <li>a batch-first {@link TransformerEncoder}, given the padding as its key padding mask;</li>
 * <li>a {@link Sequential} of layers over channels-first sequences [B, channels, T] (convolutions, activations,
 *     dropout) whose outputs at padded positions are zeroed after every layer, so that a convolution sees zeros past
 *     a sequence's end whatever the padding, as its own zero padding.</li>
 * </ul>
 */
public final class TokenSequenceModel extends Module {

    /** How the encoder's output becomes one vector per sequence. */
    public enum Pooling {
        /** A recurrent encoder's final states (each direction's state after its last real step). */
        LAST,
        /** The largest value of each feature over the real positions. */
        MAX,
        /** The mean of each feature over the real positions. */
        MEAN
    }

    private final Embedding embedding;
    private final Module positions;
    private final Module encoder;
    private final Pooling pooling;
    private final Module head;

    /**
     * The parts, each registered under its name ({@code embedding}, {@code positions}, {@code encoder},
     * {@code head}).
     *
     * @param embedding the token table; its padding index is the padding id
     * @param positions a batch-first positional encoding added to the embeddings, or null for none
     * @param encoder   a batch-first recurrent layer or Transformer encoder, or a channels-first {@link Sequential}
     * @param pooling   how the encoded sequence is pooled ({@link Pooling#LAST} for a recurrent encoder only)
     * @param head      the pooled vector [B, features] to the outputs
     * @throws IllegalArgumentException naming the part that does not fit
     */
    public TokenSequenceModel(Embedding embedding, Module positions, Module encoder, Pooling pooling, Module head) {
        if (embedding.paddingIndex() < 0) {
            throw new IllegalArgumentException("TokenSequenceModel: the embedding needs a padding index (it marks the"
                    + " padding), got " + embedding);
        }
        checkEncoder(encoder, pooling);
        if (positions != null && !batchFirst(positions)) {
            throw new IllegalArgumentException("TokenSequenceModel: the positional encoding must be batch-first, got "
                    + positions);
        }
        this.embedding = registerModule("embedding", embedding);
        this.positions = positions == null ? null : registerModule("positions", positions);
        this.encoder = registerModule("encoder", encoder);
        this.pooling = pooling;
        this.head = registerModule("head", head);
    }

    private static void checkEncoder(Module encoder, Pooling pooling) {
        boolean ok = switch (encoder) {
            case RecurrentLayer r -> r.isBatchFirst() && (pooling == Pooling.LAST) == !r.returnsSequences();
            case TransformerEncoder t -> t.layers().getFirst().settings().batchFirst() && pooling != Pooling.LAST;
            case Sequential _ -> pooling != Pooling.LAST;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("TokenSequenceModel: the encoder must be a batch-first recurrent layer"
                    + " (returning its final states for LAST pooling, sequences otherwise), a batch-first"
                    + " TransformerEncoder or a Sequential over channels-first sequences (not with LAST pooling); got "
                    + encoder + " with " + pooling + " pooling");
        }
    }

    private static boolean batchFirst(Module positions) {
        return switch (positions) {
            case SinusoidalPositionalEncoding p -> p.batchFirst();
            case LearnedPositionalEncoding p -> p.batchFirst();
            default -> false;
        };
    }

    public Embedding embedding() { return embedding; }

    /** The positional encoding, or null. */
    public Module positions() { return positions; }

    public Module encoder() { return encoder; }

    public Pooling pooling() { return pooling; }

    public Module head() { return head; }

    /** Token ids [B, T] (integers, padding at the end) to the head's outputs. */
    @Override
    public Tensor forward(Tensor ids) {
        if (ids.rank() != 2 || ids.dtype().isFloating() || ids.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("TokenSequenceModel: expected token ids [batch, length] (integers), got "
                    + ids.dtype() + " " + ids.shape());
        }
        Padding padding = Padding.of(ids, embedding.paddingIndex());
        Tensor x = embedding.call(ids);
        if (positions != null) x = positions.call(x);
        return head.call(pool(encode(x, padding), padding));
    }

    /**
     * Where a batch's sequences end.
     *
     * @param lengths each sequence's length, I64 [B], in [1, T]
     * @param real    BOOL [B, T], true at a sequence's positions
     * @param padded  BOOL [B, T], true past a sequence's end
     */
    private record Padding(Tensor lengths, Tensor real, Tensor padded) {
        @SuppressWarnings("try") // the scope only routes creation to the ids' backend; it is not read
        static Padding of(Tensor ids, int paddingId) {
            int steps = ids.dim(1);
            Tensor lengths = ids.ne(paddingId).to(DType.I64).sum(1, false).clamp(1, steps);
            Tensor position;
            try (var on = Backends.use(ids.backend())) {
                position = Tensor.arange(steps).reshape(1, steps);
            }
            Tensor end = lengths.reshape(-1, 1);
            return new Padding(lengths, position.lt(end), position.ge(end));
        }
    }

    /** The encoder over x [B, T, E], padded positions kept out. */
    private Tensor encode(Tensor x, Padding padding) {
        return switch (encoder) {
            case RecurrentLayer r -> r.call(Inputs.of(x).with("lengths", padding.lengths())).get(0);
            case TransformerEncoder t -> t.call(Inputs.of(x).with("srcKeyPaddingMask", padding.padded())).get(0);
            case Sequential s -> {
                Tensor real = padding.real().to(x.dtype()).unsqueeze(1); // [B, 1, T]
                Tensor y = x.transpose(1, 2).mul(real);
                for (Module layer : s.layers()) y = layer.call(y).mul(real);
                yield y.transpose(1, 2);
            }
            default -> throw new IllegalStateException("unreachable: the constructor checks the encoder");
        };
    }

    /** The encoded sequence [B, T, F] (or a recurrent encoder's final states [B, F]) to [B, F]. */
    private Tensor pool(Tensor encoded, Padding padding) {
        Tensor padded = padding.padded().unsqueeze(2);
        return switch (pooling) {
            case LAST -> encoded;
            case MAX -> encoded.maskedFill(padded, Double.NEGATIVE_INFINITY).max(1, false);
            case MEAN -> encoded.maskedFill(padded, 0).sum(1, false)
                    .div(padding.lengths().to(encoded.dtype()).unsqueeze(1));
        };
    }

    @Override
    public String toString() {
        return "TokenSequenceModel(" + embedding + (positions == null ? "" : ", " + positions) + ", " + encoder + ", "
                + pooling.name().toLowerCase(Locale.ROOT) + " pooling, " + head + ")";
    }
}
