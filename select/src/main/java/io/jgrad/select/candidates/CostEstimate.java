package io.jgrad.select.candidates;

import io.jgrad.DType;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.nn.ForwardHook;
import io.jgrad.nn.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A candidate's cost as estimated from its built model, before any training.
 *
 * @param parameters              trainable and other parameters
 * @param multiplyAddsPerSample   multiply-adds of one forward pass for one example (dense, convolution, recurrent and
 *                                attention layers)
 * @param activationBytesPerBatch bytes of every layer's output for one batch (F32)
 * @param trainingMemoryBytes     the training step's memory: parameters, gradients and Adam's two moments (4 copies)
 *                                plus twice the activations (kept for backward, and their gradients)
 */
public record CostEstimate(long parameters, long multiplyAddsPerSample, long activationBytesPerBatch,
                           long trainingMemoryBytes) {
    private static final int FLOAT_BYTES = 4;

    /** {@link #of(Module, List, DType, int)} on an F32 example (features or images). */
    public static CostEstimate of(Module model, List<Integer> inputShape, int batchSize) {
        return of(model, inputShape, DType.F32, batchSize);
    }

    /**
     * Estimates {@code model}'s cost from one forward pass on a zero example of {@code inputShape} and
     * {@code inputType} (I64 token ids for the sequence families; in eval mode, without recording a graph): every leaf
     * layer's output size, and the multiply-adds of each layer with a weight of rank 2 or more (a weight
     * {@code [out, ...]} costs its size per output position: {@code in * out} for a dense layer,
     * {@code H*W*out*in/groups*kh*kw} for a convolution). Embeddings, recurrent layers and Transformer encoders are
     * counted as a whole instead, by {@link SequenceLayerCosts}, over every step of the example.
     */
    @SuppressWarnings("try") // the grad scope restores recording on close
    public static CostEstimate of(Module model, List<Integer> inputShape, DType inputType, int batchSize) {
        long[] activations = {0}, macs = {0};
        List<ForwardHook.Handle> handles = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            String name = e.getKey();
            Module m = e.getValue();
            if (covered.stream().anyMatch(c -> c.isEmpty() || name.startsWith(c + "."))) continue;
            if (SequenceLayerCosts.covers(m)) {
                covered.add(name);
                handles.add(m.registerForwardHook((module, in, out) -> {
                    SequenceLayerCosts.Cost cost = SequenceLayerCosts.of(module, in.tensor(0), out.get(0));
                    macs[0] += cost.multiplyAdds();
                    activations[0] += cost.activations();
                }));
                continue;
            }
            boolean leaf = m.namedChildren().isEmpty();
            Tensor weight = m.ownParameters().get("weight");
            if (!leaf && (weight == null || weight.rank() < 2)) continue;
            handles.add(m.registerForwardHook((module, in, out) -> {
                long produced = 0;
                for (Tensor t : out.list()) if (t != null) produced += t.numel();
                if (leaf) activations[0] += produced;
                if (weight != null && weight.rank() >= 2) macs[0] += produced / weight.shape().dim(0) * weight.numel();
            }));
        }
        boolean wasTraining = model.isTraining();
        int[] shape = new int[inputShape.size() + 1];
        shape[0] = 1;
        for (int i = 0; i < inputShape.size(); i++) shape[i + 1] = inputShape.get(i);
        try (var g = Grad.off()) {
            model.eval();
            model.call(Tensor.zeros(inputType, shape));
        } finally {
            handles.forEach(ForwardHook.Handle::remove);
            if (wasTraining) model.train();
        }
        long params = model.parameterCount();
        long activationBytes = activations[0] * batchSize * FLOAT_BYTES;
        return new CostEstimate(params, macs[0], activationBytes, 4 * params * FLOAT_BYTES + 2 * activationBytes);
    }
}
