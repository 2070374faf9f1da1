package io.jgrad.nn;

import io.jgrad.AttentionOptions;
import io.jgrad.AttentionOutput;
import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.init.Init;
import io.jgrad.nn.init.Initializer;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head attention as PyTorch's {@code nn.MultiheadAttention}: the query, key and value projected (by
 * {@code in_proj_weight} [3E, E], or, when the key or value size ({@code kdim}, {@code vdim}) differs from E, by
 * {@code q_proj_weight} [E, E], {@code k_proj_weight} [E, kdim] and {@code v_proj_weight} [E, vdim]; xavier-uniform)
 * and {@code in_proj_bias} [3E] (zeros), split into {@code numHeads} heads, scaled dot-product attention per head
 * ({@link F#scaledDotProductAttention}, one fused op; self-attention through the packed weight that returns no
 * weights runs {@link F#packedSelfAttention} on the projection, whose backward writes one gradient for it), the heads
 * joined and projected by {@code out_proj} (a {@link Dense} [E, E], bias zeros). With {@code addBiasKv} the learned
 * {@code bias_k} and {@code bias_v} [1, 1, E] (xavier-normal) are appended to the projected keys and values as one
 * more step, and with {@code addZeroAttn} a step of zeros after that; the masks are extended so that every query sees
 * those steps. Inputs are [length, batch, E] (key and value with kdim and vdim features), or [batch, length, E] with
 * {@code batchFirst}, or unbatched [length, E] ({@code batchFirst} does not apply), which gives an unbatched output
 * [length, E].
 *
 * <p>{@link #call(Inputs)} takes {@code query, key, value}, the optional {@code keyPaddingMask} [batch, keys] ([keys]
 * unbatched; BOOL: true ignores the key; or floats added) and {@code attnMask} [queries, keys] or
 * [batch * heads, queries, keys] ([heads, queries, keys] unbatched; BOOL: true forbids; or floats added), the options
 * {@code needWeights} (default true, as PyTorch), {@code averageAttnWeights} (true: the weights averaged over heads,
 * [batch, queries, keys]; false: [batch, heads, queries, keys]; without the batch axis unbatched; the keys include the
 * appended steps) and {@code isCausal} (query i sees keys 0..i, and the appended steps); it returns {@code output}
 * and {@code weights} (absent without needWeights). Asking for the weights computes them explicitly; without, the
 * fused op never holds more than a block of them. Dropout applies to the attention weights in training mode only.
 * {@link #forward(Tensor)} is self-attention without weights.
 */
public final class MultiheadAttention extends Module {
    private static final Signature SIGNATURE = Signature.of("query", "key", "value")
            .optional("keyPaddingMask", "attnMask")
            .option("needWeights", Boolean.class, true)
            .option("averageAttnWeights", Boolean.class, true)
            .option("isCausal", Boolean.class, false)
            .outputs("output", "weights");

    private final int embedDim, numHeads, kdim, vdim;
    private final double dropout;
    private final boolean addZeroAttn, batchFirst;
    private final Dense outProj;
    private Generator generator; // dropout's draws; null: Generator.global()

    /** No dropout, with biases, inputs [length, batch, E]. */
    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0, true, false); }

    /** Key and value of the embedding size, no bias_k/bias_v, no zero attention. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, false, false, embedDim, embedDim, batchFirst);
    }

    /**
     * PyTorch's full constructor, in its argument order.
     *
     * @param addBiasKv   append the learned {@code bias_k} and {@code bias_v} to the keys and values
     * @param addZeroAttn append a step of zeros to the keys and values (after bias_k and bias_v)
     * @param kdim        the key's feature size (PyTorch's {@code kdim=None} is {@code embedDim})
     * @param vdim        the value's feature size
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv,
                              boolean addZeroAttn, int kdim, int vdim, boolean batchFirst) {
        if (embedDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim and numHeads must be positive, got "
                    + embedDim + " and " + numHeads);
        }
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim " + embedDim + " is not divisible by numHeads "
                    + numHeads);
        }
        if (kdim <= 0 || vdim <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: kdim and vdim must be positive, got " + kdim
                    + " and " + vdim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.dropout = dropout;
        this.addZeroAttn = addZeroAttn;
        this.batchFirst = batchFirst;
        Generator g = Generator.global();
        Initializer xavier = Init.xavierUniform();
        if (kdim == embedDim && vdim == embedDim) {
            registerParameter("in_proj_weight", xavier.create(Shape.of(3 * embedDim, embedDim), DType.F32, g));
        } else {
            registerParameter("q_proj_weight", xavier.create(Shape.of(embedDim, embedDim), DType.F32, g));
            registerParameter("k_proj_weight", xavier.create(Shape.of(embedDim, kdim), DType.F32, g));
            registerParameter("v_proj_weight", xavier.create(Shape.of(embedDim, vdim), DType.F32, g));
        }
        if (bias) registerParameter("in_proj_bias", Tensor.zeros(DType.F32, 3 * embedDim));
        outProj = registerModule("out_proj", new Dense(embedDim, embedDim, bias));
        if (bias) outProj.biasInit(Init.zeros());
        if (addBiasKv) {
            registerParameter("bias_k", Init.xavierNormal().create(Shape.of(1, 1, embedDim), DType.F32, g));
            registerParameter("bias_v", Init.xavierNormal().create(Shape.of(1, 1, embedDim), DType.F32, g));
        }
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

    /** The key's feature size. */
    public int kdim() { return kdim; }

    /** The value's feature size. */
    public int vdim() { return vdim; }

    /** Whether the projections have biases. */
    public boolean hasBias() { return parameter("in_proj_bias") != null; }

    /** Whether {@code bias_k} and {@code bias_v} are appended to the keys and values. */
    public boolean hasBiasKv() { return parameter("bias_k") != null; }

    /** Whether a step of zeros is appended to the keys and values. */
    public boolean addZeroAttn() { return addZeroAttn; }

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
        boolean batched = checkInputs(query, key, value);
        // Batch first from here: [batch, length, features].
        Tensor q = !batched ? query.unsqueeze(0) : batchFirst ? query : query.transpose(0, 1);
        Tensor k = !batched ? key.unsqueeze(0) : batchFirst ? key : key.transpose(0, 1);
        Tensor v = !batched ? value.unsqueeze(0) : batchFirst ? value : value.transpose(0, 1);
        int batch = q.dim(0), tq = q.dim(1), tk = k.dim(1);
        if (k.dim(0) != batch || v.dim(0) != batch || v.dim(1) != tk) {
            throw new IllegalArgumentException("MultiheadAttention: query " + query.shape() + ", key " + key.shape()
                    + " and value " + value.shape() + " must share the batch size, key and value their length");
        }
        Tensor padding = checkedPadding(keyPaddingMask, batched, batch, tk);
        Tensor mask = attnMask == null ? null : additiveAttnMask(attnMask, batched, batch, tq, tk);
        boolean selfAttention = query == key && key == value;
        int extraSteps = (hasBiasKv() ? 1 : 0) + (addZeroAttn ? 1 : 0);
        Tensor packed = parameter("in_proj_weight");
        if (selfAttention && packed != null && extraSteps == 0 && !needWeights) {
            // One op on the packed projection: its backward writes q's, k's and v's gradients into one tensor.
            Tensor heads = F.packedSelfAttention(F.linear(q, packed, parameter("in_proj_bias")), numHeads,
                    options(causal, mask, padding));
            return new Tensor[] {finish(heads, batched, batch, tq), null};
        }
        Tensor[] qkv = project(selfAttention, q, k, v);
        if (extraSteps > 0) {
            qkv[1] = appendSteps(qkv[1], parameter("bias_k"));
            qkv[2] = appendSteps(qkv[2], parameter("bias_v"));
            // PyTorch pads the masks after the causal mask is given: every query sees the appended steps.
            if (causal) mask = withCausal(mask, tq, tk, q);
            causal = false;
            if (mask != null) mask = mask.pad(new int[] {0, extraSteps}, 0);
            if (padding != null) padding = padding.pad(new int[] {0, extraSteps}, 0);
        }
        AttentionOptions o = options(causal, mask, padding);
        Tensor heads, weights = null;
        Tensor hq = heads(qkv[0]), hk = heads(qkv[1]), hv = heads(qkv[2]);
        if (needWeights) {
            AttentionOutput r = F.scaledDotProductAttentionWithWeights(hq, hk, hv, o);
            heads = r.output();
            weights = averageWeights ? r.weights().mean(1, false) : r.weights();
            if (!batched) weights = weights.squeeze(0);
        } else {
            heads = F.scaledDotProductAttention(hq, hk, hv, o);
        }
        return new Tensor[] {finish(heads, batched, batch, tq), weights};
    }

    private AttentionOptions options(boolean causal, Tensor mask, Tensor padding) {
        return AttentionOptions.defaults().causal(causal).attnMask(mask).keyPaddingMask(padding)
                .dropout(isTraining() ? dropout : 0, generator);
    }

    /** The heads [batch, H, tq, E / H] joined, projected by out_proj and laid out as the input was. */
    private Tensor finish(Tensor heads, boolean batched, int batch, int tq) {
        Tensor joined = heads.permute(0, 2, 1, 3).reshape(batch, tq, embedDim);
        Tensor out = outProj.call(joined);
        return !batched ? out.squeeze(0) : batchFirst ? out : out.transpose(0, 1);
    }

    /** q, k and v projected [batch, length, E]; one GEMM for self-attention with the packed weight. */
    private Tensor[] project(boolean selfAttention, Tensor q, Tensor k, Tensor v) {
        Tensor packed = parameter("in_proj_weight"), b = parameter("in_proj_bias");
        if (selfAttention && packed != null) {
            List<Tensor> parts = F.linear(q, packed, b).chunk(3, -1);
            return new Tensor[] {parts.get(0), parts.get(1), parts.get(2)};
        }
        Tensor[] out = new Tensor[3];
        Tensor[] inputs = {q, k, v};
        String[] separate = {"q_proj_weight", "k_proj_weight", "v_proj_weight"};
        for (int i = 0; i < 3; i++) {
            Tensor wi = packed != null ? packed.narrow(0, i * embedDim, embedDim) : parameter(separate[i]);
            Tensor bi = b == null ? null : b.narrow(0, i * embedDim, embedDim);
            out[i] = F.linear(inputs[i], wi, bi);
        }
        return out;
    }

    /** The projected keys or values [batch, length, E] with {@code bias} [1, 1, E] (if any) and a zero step added. */
    private Tensor appendSteps(Tensor x, Tensor bias) {
        List<Tensor> parts = new ArrayList<>(List.of(x));
        if (bias != null) parts.add(bias.expand(x.dim(0), 1, embedDim));
        if (addZeroAttn) parts.add(x.newZeros(x.dim(0), 1, embedDim));
        return Tensor.concat(parts, 1);
    }

    /** [batch, length, E] to [batch, heads, length, headDim] (a view). */
    private Tensor heads(Tensor x) {
        return x.reshape(x.dim(0), x.dim(1), numHeads, embedDim / numHeads).permute(0, 2, 1, 3);
    }

    /** Checks the ranks and feature sizes; whether the inputs are batched (3-D; 2-D is unbatched). */
    private boolean checkInputs(Tensor query, Tensor key, Tensor value) {
        checkInput("query", query, embedDim, query.rank() == 2 ? 2 : 3);
        checkInput("key", key, kdim, query.rank());
        checkInput("value", value, vdim, query.rank());
        return query.rank() == 3;
    }

    private void checkInput(String name, Tensor x, int features, int rank) {
        if (x.rank() != rank || x.dim(rank - 1) != features) {
            String layout = rank == 2 ? "[length, " : batchFirst ? "[batch, length, " : "[length, batch, ";
            String unbatched = rank == 3 && name.equals("query") ? " (or [length, " + features + "] unbatched)" : "";
            String why = rank == 2 && !name.equals("query") ? " as the query is unbatched" : "";
            throw new IllegalArgumentException("MultiheadAttention: expected " + name + " of shape " + layout + features
                    + "]" + unbatched + why + ", got " + x.shape());
        }
    }

    /**
     * PyTorch's attn_mask [Tq, Tk] or [B * H, Tq, Tk] ([H, Tq, Tk] unbatched; BOOL true: forbidden) as floats to add,
     * [Tq, Tk] or [B, H, Tq, Tk].
     */
    private Tensor additiveAttnMask(Tensor mask, boolean batched, int batch, int tq, int tk) {
        boolean plane = mask.rank() == 2 && mask.dim(0) == tq && mask.dim(1) == tk;
        boolean perHead = mask.rank() == 3 && mask.dim(0) == batch * numHeads && mask.dim(1) == tq && mask.dim(2) == tk;
        if (!plane && !perHead) {
            String heads = batched ? "[batch * heads, queries, keys] = [" + batch * numHeads
                    : "[heads, queries, keys] = [" + numHeads;
            throw new IllegalArgumentException("MultiheadAttention: attnMask of shape " + mask.shape()
                    + " must be [queries, keys] = [" + tq + ", " + tk + "] or " + heads + ", " + tq + ", " + tk + "]");
        }
        Tensor m = perHead ? mask.reshape(batch, numHeads, tq, tk) : mask;
        return m.dtype() == DType.BOOL ? forbidding(m) : m;
    }

    /** The additive mask with the causal mask (key j > query i forbidden) merged in; a new one if null. */
    private static Tensor withCausal(Tensor mask, int tq, int tk, Tensor like) {
        Tensor keys = Tensor.arange(tk).to(like.backend()), queries = Tensor.arange(tq).to(like.backend());
        Tensor future = keys.gt(queries.unsqueeze(1));
        if (mask == null) return forbidding(future);
        return Tensor.where(future, mask.newFull(Double.NEGATIVE_INFINITY), mask);
    }

    /** A BOOL mask (true: forbidden) as floats to add: -inf where true, else 0. */
    private static Tensor forbidding(Tensor m) {
        Tensor forbidden = Tensor.full(DType.F32, Double.NEGATIVE_INFINITY).to(m.backend());
        return Tensor.where(m, forbidden, Tensor.zeros(DType.F32).to(m.backend()));
    }

    /** The key padding mask [batch, keys] ([keys] unbatched, returned as [1, keys]). */
    private static Tensor checkedPadding(Tensor mask, boolean batched, int batch, int tk) {
        if (mask == null) return null;
        if (batched && (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != tk)) {
            throw new IllegalArgumentException("MultiheadAttention: keyPaddingMask of shape " + mask.shape()
                    + " must be [batch, keys] = [" + batch + ", " + tk + "]");
        }
        if (!batched && (mask.rank() != 1 || mask.dim(0) != tk)) {
            throw new IllegalArgumentException("MultiheadAttention: keyPaddingMask of shape " + mask.shape()
                    + " must be [keys] = [" + tk + "] for unbatched input");
        }
        return batched ? mask : mask.unsqueeze(0);
    }

    @Override
    public String toString() {
        return "MultiheadAttention(embedDim=" + embedDim + ", numHeads=" + numHeads + ", dropout=" + dropout
                + (kdim != embedDim || vdim != embedDim ? ", kdim=" + kdim + ", vdim=" + vdim : "")
                + (hasBiasKv() ? ", addBiasKv=true" : "") + (addZeroAttn ? ", addZeroAttn=true" : "")
                + ", batchFirst=" + batchFirst + ")";
    }
}
