package io.jgrad.nn;

import io.jgrad.AttentionOptions;
import io.jgrad.AttentionOutput;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.init.Init;

import java.util.List;

/**
 * Multi-head attention as PyTorch's {@code nn.MultiheadAttention} (key and value of the embedding size): the query,
 * key and value projected by {@code in_proj_weight} [3E, E] and {@code in_proj_bias} [3E] (xavier-uniform and zeros),
 * split into {@code numHeads} heads, scaled dot-product attention per head ({@link F#scaledDotProductAttention}, one
 * fused op), the heads joined and projected by {@code out_proj} (a {@link Dense} [E, E], bias zeros). Inputs are
 * [length, batch, E], or [batch, length, E] with {@code batchFirst}.
 *
 * <p>{@link #call(Inputs)} takes {@code query, key, value}, the optional {@code keyPaddingMask} [batch, keys] (BOOL:
 * true ignores the key; or floats added) and {@code attnMask} [queries, keys] or [batch * heads, queries, keys]
 * (BOOL: true forbids; or floats added), the options {@code needWeights} (default true, as PyTorch),
 * {@code averageAttnWeights} (true: the weights averaged over heads, [batch, queries, keys]; false:
 * [batch, heads, queries, keys]) and {@code isCausal} (query i sees keys 0..i); it returns {@code output} and
 * {@code weights} (absent without needWeights). Asking for the weights computes them explicitly; without, the fused
 * op never holds more than a block of them. Dropout applies to the attention weights in training mode only.
 * {@link #forward(Tensor)} is self-attention without weights.
 */
public final class MultiheadAttention extends Module {
    private static final Signature SIGNATURE = Signature.of("query", "key", "value")
            .optional("keyPaddingMask", "attnMask")
            .option("needWeights", Boolean.class, true)
            .option("averageAttnWeights", Boolean.class, true)
            .option("isCausal", Boolean.class, false)
            .outputs("output", "weights");

    private final int embedDim, numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final Dense outProj;
    private Generator generator; // dropout's draws; null: Generator.global()

    /** No dropout, with biases, inputs [length, batch, E]. */
    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0, true, false); }

    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst) {
        if (embedDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim and numHeads must be positive, got "
                    + embedDim + " and " + numHeads);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " is not divisible by numHeads "
                    + numHeads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        Generator g = Generator.global();
        registerParameter("in_proj_weight", Init.xavierUniform().create(Shape.of(3 * embedDim, embedDim), DType.F32, g));
        if (bias) registerParameter("in_proj_bias", Tensor.zeros(DType.F32, 3 * embedDim));
        outProj = registerModule("out_proj", new Dense(embedDim, embedDim, bias));
        if (bias) outProj.biasInit(Init.zeros());
    }

    /** Draws dropout's masks from {@code g} (seeded runs repeat exactly). Returns this. */
    public MultiheadAttention generator(Generator g) {
        this.generator = g;
        return this;
    }

    public int embedDim() { return embedDim; }

    public int numHeads() { return numHeads; }

    public double dropout() { return dropout; }

    public boolean batchFirst() { return batchFirst; }

    /** Whether the projections have biases. */
    public boolean hasBias() { return parameter("in_proj_bias") != null; }

    @Override
    public Signature signature() { return SIGNATURE; }

    /** Self-attention of x without weights or masks. */
    @Override
    public Tensor forward(Tensor x) { return attend(x, x, x, null, null, false, false, true)[0]; }

    @Override
    protected Outputs forward(Inputs in) {
        Tensor[] r = attend(in.tensor("query"), in.tensor("key"), in.tensor("value"), in.tensorOrNull("keyPaddingMask"),
                in.tensorOrNull("attnMask"), in.option("isCausal", Boolean.class), in.option("needWeights", Boolean.class),
                in.option("averageAttnWeights", Boolean.class));
        return Outputs.of(r[0], r[1]);
    }

    /** {output, weights or null}; what {@link #call(Inputs)} computes, for the Transformer layers. */
    Tensor[] attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask, boolean causal,
                    boolean needWeights, boolean averageWeights) {
        checkInput("query", query);
        checkInput("key", key);
        checkInput("value", value);
        Tensor q = batchFirst ? query : query.transpose(0, 1);
        Tensor k = batchFirst ? key : key.transpose(0, 1);
        Tensor v = batchFirst ? value : value.transpose(0, 1);
        int batch = q.dim(0), tq = q.dim(1), tk = k.dim(1);
        if (k.dim(0) != batch || v.dim(0) != batch || v.dim(1) != tk) {
            throw new IllegalArgumentException("MultiheadAttention: query " + query.shape() + ", key " + key.shape()
                    + " and value " + value.shape() + " must share the batch size, key and value their length");
        }
        Tensor[] qkv = project(query, key, value, q, k, v);
        AttentionOptions o = AttentionOptions.defaults().causal(causal)
                .attnMask(attnMask == null ? null : additiveAttnMask(attnMask, batch, tq, tk))
                .keyPaddingMask(checkedPadding(keyPaddingMask, batch, tk))
                .dropout(isTraining() ? dropout : 0, generator);
        Tensor heads, weights = null;
        if (needWeights) {
            AttentionOutput r = F.scaledDotProductAttentionWithWeights(qkv[0], qkv[1], qkv[2], o);
            heads = r.output();
            weights = averageWeights ? r.weights().mean(1, false) : r.weights();
        } else {
            heads = F.scaledDotProductAttention(qkv[0], qkv[1], qkv[2], o);
        }
        Tensor joined = heads.permute(0, 2, 1, 3).reshape(batch, tq, embedDim);
        Tensor out = outProj.call(joined);
        return new Tensor[] {batchFirst ? out : out.transpose(0, 1), weights};
    }

    /** q, k and v projected and split into heads [batch, heads, length, headDim]; one GEMM for self-attention. */
    private Tensor[] project(Tensor query, Tensor key, Tensor value, Tensor q, Tensor k, Tensor v) {
        Tensor w = parameter("in_proj_weight"), b = parameter("in_proj_bias");
        if (query == key && key == value) {
            List<Tensor> parts = F.linear(q, w, b).chunk(3, -1);
            return new Tensor[] {heads(parts.get(0)), heads(parts.get(1)), heads(parts.get(2))};
        }
        Tensor[] out = new Tensor[3];
        Tensor[] inputs = {q, k, v};
        for (int i = 0; i < 3; i++) {
            Tensor wi = w.narrow(0, i * embedDim, embedDim), bi = b == null ? null : b.narrow(0, i * embedDim, embedDim);
            out[i] = heads(F.linear(inputs[i], wi, bi));
        }
        return out;
    }

    /** [batch, length, E] to [batch, heads, length, headDim] (a view). */
    private Tensor heads(Tensor x) {
        return x.reshape(x.dim(0), x.dim(1), numHeads, embedDim / numHeads).permute(0, 2, 1, 3);
    }

    private void checkInput(String name, Tensor x) {
        if (x.rank() != 3 || x.dim(2) != embedDim) {
            String layout = batchFirst ? "[batch, length, " : "[length, batch, ";
            throw new IllegalArgumentException("MultiheadAttention: expected " + name + " of shape " + layout + embedDim
                    + "], got " + x.shape());
        }
    }

    /** PyTorch's attn_mask [Tq, Tk] or [B * H, Tq, Tk] (BOOL true: forbidden) as floats to add, [.., Tq, Tk]. */
    private Tensor additiveAttnMask(Tensor mask, int batch, int tq, int tk) {
        boolean plane = mask.rank() == 2 && mask.dim(0) == tq && mask.dim(1) == tk;
        boolean perHead = mask.rank() == 3 && mask.dim(0) == batch * numHeads && mask.dim(1) == tq && mask.dim(2) == tk;
        if (!plane && !perHead) {
            throw new IllegalArgumentException("MultiheadAttention: attnMask of shape " + mask.shape() + " must be [queries, keys] = ["
                    + tq + ", " + tk + "] or [batch * heads, queries, keys] = [" + batch * numHeads + ", " + tq + ", " + tk + "]");
        }
        Tensor m = perHead ? mask.reshape(batch, numHeads, tq, tk) : mask;
        if (m.dtype() != DType.BOOL) return m;
        Tensor forbidden = Tensor.full(DType.F32, Double.NEGATIVE_INFINITY).to(mask.backend());
        return Tensor.where(m, forbidden, Tensor.zeros(DType.F32).to(mask.backend()));
    }

    private static Tensor checkedPadding(Tensor mask, int batch, int tk) {
        if (mask != null && (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != tk)) {
            throw new IllegalArgumentException("MultiheadAttention: keyPaddingMask of shape " + mask.shape()
                    + " must be [batch, keys] = [" + batch + ", " + tk + "]");
        }
        return mask;
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embedDim=" + embedDim + ", numHeads=" + numHeads + ", dropout=" + dropout
                + ", batchFirst=" + batchFirst + ")";
    }
}
