package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.F;
import io.jgrad.Generator;
import io.jgrad.RecurrenceOutput;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.RecurrentCell;
import io.jgrad.nn.init.Init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share, with PyTorch's semantics and {@code state_dict}: per
 * layer {@code l} and direction, {@code weight_ih_l{l}} [G*H, in], {@code weight_hh_l{l}} [G*H, H],
 * {@code bias_ih_l{l}} and {@code bias_hh_l{l}} [G*H] (suffix {@code _reverse} for the second direction), all
 * initialized U(-1/sqrt(H), 1/sqrt(H)), so weights load from PyTorch unchanged. Each direction of each layer is one
 * GEMM for the input projection of every step and one fused recurrence op ({@link F#recurrence}).
 *
 * <p>Inputs: {@code input} [T, B, in] ([B, T, in] when batch-first), optional {@code h0} (and {@code c0} for LSTM)
 * [layers * directions, B, H], optional {@code lengths} (I64 [B], each in [1, T]): steps past a sequence's length
 * neither change its state nor receive gradient and their outputs are zero, as with PyTorch's packed sequences.
 * Outputs: {@code output}, the top layer's states [T, B, directions * H] (batch-first: [B, T, ...]), or, when not
 * returning sequences, its final states [B, directions * H] (each direction's state after its last step, which for the
 * reverse direction is step 0); {@code h} (and {@code c}) the final states [layers * directions, B, H].
 * {@link #forward(Tensor)} returns {@code output}. Dropout applies between layers in training mode only.
 */
public abstract class RecurrentLayer extends Module {
    private final int hiddenSize;
    private int inputSize = -1;
    private int numLayers = 1;
    private boolean bidirectional;
    private boolean batchFirst;
    private boolean useBias = true;
    private boolean returnSequences = true;
    private double dropout;
    private Generator generator; // null: Generator.global()
    private DType dtype;         // null: F32, or the first input's floating dtype for a lazy layer

    RecurrentLayer(int inputSize, int hiddenSize) {
        if (hiddenSize <= 0) throw new IllegalArgumentException(name() + ": hidden size must be positive, got " + hiddenSize);
        this.hiddenSize = hiddenSize;
        if (inputSize != -1) {
            if (inputSize <= 0) throw new IllegalArgumentException(name() + ": input size must be positive, got " + inputSize);
            build(inputSize, DType.F32, null);
        }
    }

    /** The cell this layer runs. */
    abstract RecurrentCell cell();

    private String name() { return getClass().getSimpleName(); }

    // ---- configuration (re-initializes an already built layer) -------------------------------------------------------

    /** Stacked layers, each reading the previous one's output (1 by default). Returns this. */
    public RecurrentLayer numLayers(int layers) {
        if (layers <= 0) throw new IllegalArgumentException(name() + ": the number of layers must be positive, got " + layers);
        this.numLayers = layers;
        return rebuild();
    }

    /** Whether each layer also runs from the last step back, its output concatenated (false by default). */
    public RecurrentLayer bidirectional(boolean on) {
        this.bidirectional = on;
        return rebuild();
    }

    /** Whether input and output are [B, T, ...] rather than [T, B, ...] (false by default, as PyTorch). */
    public RecurrentLayer batchFirst(boolean on) {
        this.batchFirst = on;
        return this;
    }

    /** Whether the layers have the biases {@code b_ih} and {@code b_hh} (true by default). */
    public RecurrentLayer bias(boolean on) {
        this.useBias = on;
        return rebuild();
    }

    /** The dropout probability on each layer's output except the last, in training mode (0 by default). */
    public RecurrentLayer dropout(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name() + ": dropout must lie in [0, 1), got " + p);
        this.dropout = p;
        return this;
    }

    /** Whether {@code output} holds every step (true by default) or only the final states [B, directions * H]. */
    public RecurrentLayer returnSequences(boolean on) {
        this.returnSequences = on;
        return this;
    }

    /** The generator used to initialize; re-initializes a built layer. */
    public RecurrentLayer generator(Generator g) {
        this.generator = g;
        return rebuild();
    }

    /** The parameters' dtype (F32 by default). */
    public RecurrentLayer dtype(DType type) {
        this.dtype = type;
        return rebuild();
    }

    public int hiddenSize() { return hiddenSize; }

    /** The input size, or -1 before a lazy layer has seen its first input. */
    public int inputSize() { return inputSize; }

    public int numLayers() { return numLayers; }

    public boolean isBidirectional() { return bidirectional; }

    public boolean isBatchFirst() { return batchFirst; }

    public boolean hasBias() { return useBias; }

    public double dropoutProbability() { return dropout; }

    public boolean returnsSequences() { return returnSequences; }

    public boolean isBuilt() { return inputSize >= 0; }

    private int directions() { return bidirectional ? 2 : 1; }

    private RecurrentLayer rebuild() {
        if (isBuilt()) {
            Tensor any = parameter("weight_ih_l0");
            build(inputSize, dtype == null ? any.dtype() : dtype, any.backend());
        }
        return this;
    }

    @SuppressWarnings("try") // the scope only routes creation to the backend; it is not read
    private void build(int in, DType type, Backend backend) {
        for (String n : new ArrayList<>(ownParameters().keySet())) removeParameter(n);
        inputSize = in;
        Generator g = generator == null ? Generator.global() : generator;
        DType t = dtype != null ? dtype : type;
        double bound = 1 / Math.sqrt(hiddenSize);
        int width = cell().gates() * hiddenSize;
        try (var on = creatingOn(backend)) {
            for (int l = 0; l < numLayers; l++) {
                int layerIn = l == 0 ? in : directions() * hiddenSize;
                for (int d = 0; d < directions(); d++) {
                    String suffix = suffix(l, d);
                    registerParameter("weight_ih" + suffix, Init.uniform(-bound, bound).create(Shape.of(width, layerIn), t, g));
                    registerParameter("weight_hh" + suffix, Init.uniform(-bound, bound).create(Shape.of(width, hiddenSize), t, g));
                    if (useBias) {
                        registerParameter("bias_ih" + suffix, Init.uniform(-bound, bound).create(Shape.of(width), t, g));
                        registerParameter("bias_hh" + suffix, Init.uniform(-bound, bound).create(Shape.of(width), t, g));
                    }
                }
            }
        }
    }

    private static String suffix(int layer, int direction) { return "_l" + layer + (direction == 1 ? "_reverse" : ""); }

    @Override
    protected void materialize(String prefix, Map<String, Tensor> state) {
        if (isBuilt()) return;
        Tensor w = state.get(prefix + "weight_ih_l0");
        if (w != null && w.rank() == 2) build(w.dim(1), w.dtype().isFloating() ? w.dtype() : DType.F32, null);
    }

    // ---- use -----------------------------------------------------------------------------------------------------

    @Override
    public Signature signature() {
        Signature s = Signature.of("input");
        return cell().hasCellState() ? s.optional("h0", "c0", "lengths").outputs("output", "h", "c")
                : s.optional("h0", "lengths").outputs("output", "h");
    }

    /** The {@code output} of {@link #call(Inputs)} with zero initial states and full lengths. */
    @Override
    public Tensor forward(Tensor input) { return run(input, null, null, null).get(0); }

    @Override
    protected Outputs forward(Inputs inputs) {
        Tensor c0 = cell().hasCellState() ? inputs.tensorOrNull("c0") : null;
        return Outputs.of(run(inputs.tensor("input"), inputs.tensorOrNull("h0"), c0, inputs.tensorOrNull("lengths")));
    }

    private List<Tensor> run(Tensor input, Tensor h0, Tensor c0, Tensor lengths) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(name() + ": expected input of rank 3 " + (batchFirst ? "[B, T, features]" : "[T, B, features]")
                    + ", got shape " + input.shape());
        }
        if (!isBuilt()) build(input.dim(2), input.dtype().isFloating() ? input.dtype() : DType.F32, input.backend());
        if (input.dim(2) != inputSize) {
            throw new IllegalArgumentException(name() + ": expected input with " + inputSize + " features (last dimension), got shape "
                    + input.shape());
        }
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        int steps = x.dim(0), batch = x.dim(1);
        Shape stateShape = Shape.of(numLayers * directions(), batch, hiddenSize);
        checkState("h0", h0, stateShape, input);
        checkState("c0", c0, stateShape, input);
        checkLengths(lengths, steps, batch);
        if (lengths != null) lengths = lengths.to(DType.I64);
        DType type = parameter("weight_ih_l0").dtype();
        x = x.to(type);
        Tensor zeros = h0 == null || (cell().hasCellState() && c0 == null) ? x.newZeros(batch, hiddenSize) : null;
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < directions(); d++) {
                String suffix = suffix(l, d);
                int at = l * directions() + d;
                Tensor xProj = F.linear(x, parameter("weight_ih" + suffix), parameter("bias_ih" + suffix));
                Tensor h = h0 == null ? zeros : h0.select(0, at).to(type);
                Tensor c = !cell().hasCellState() ? null : c0 == null ? zeros : c0.select(0, at).to(type);
                RecurrenceOutput r = F.recurrence(cell(), xProj, parameter("weight_hh" + suffix), parameter("bias_hh" + suffix),
                        h, c, lengths, d == 1);
                outs.add(r.output());
                hs.add(r.finalHidden());
                if (r.finalCell() != null) cs.add(r.finalCell());
            }
            x = outs.size() == 1 ? outs.getFirst() : Tensor.concat(outs, 2);
            if (l < numLayers - 1 && dropout > 0 && isTraining()) x = Dropout.apply(x, dropout, generator);
        }
        List<Tensor> lastStates = hs.subList(hs.size() - directions(), hs.size()); // the top layer's, per direction
        Tensor output = !returnSequences ? (lastStates.size() == 1 ? lastStates.getFirst() : Tensor.concat(lastStates, 1))
                : batchFirst ? x.transpose(0, 1) : x;
        List<Tensor> result = new ArrayList<>(Arrays.asList(output, Tensor.stack(hs, 0)));
        if (cell().hasCellState()) result.add(Tensor.stack(cs, 0));
        return result;
    }

    private void checkState(String arg, Tensor state, Shape expected, Tensor input) {
        if (state != null && !state.shape().equals(expected)) {
            throw new IllegalArgumentException(name() + ": expected " + arg + " of shape " + expected + " [layers * directions, B, H]"
                    + " for input shape " + input.shape() + ", got " + state.shape());
        }
    }

    private void checkLengths(Tensor lengths, int steps, int batch) {
        if (lengths == null) return;
        if (lengths.rank() != 1 || lengths.dim(0) != batch || lengths.dtype().isFloating()) {
            throw new IllegalArgumentException(name() + ": expected lengths as an integer tensor [" + batch + "] (one per sequence), got "
                    + lengths.dtype() + " " + lengths.shape());
        }
        long[] values = lengths.toLongArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1 || values[i] > steps) {
                throw new IllegalArgumentException(name() + ": lengths[" + i + "] = " + values[i] + " is outside [1, " + steps
                        + "] (the input has " + steps + " steps)");
            }
        }
    }

    @Override
    public String toString() {
        return name() + "(in=" + (isBuilt() ? inputSize : "?") + ", hidden=" + hiddenSize + ", layers=" + numLayers
                + (bidirectional ? ", bidirectional" : "") + (batchFirst ? ", batch_first" : "") + (useBias ? "" : ", bias=false")
                + (dropout > 0 ? ", dropout=" + dropout : "") + (returnSequences ? "" : ", last step only") + ")";
    }
}
