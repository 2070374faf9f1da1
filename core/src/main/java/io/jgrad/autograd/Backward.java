package io.jgrad.autograd;

import io.jgrad.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode engine: sorts the graph once, runs each node's rule in reverse order, sums gradients per tensor.
 *
 * <p>A leaf's first gradient is normally copied into a private tensor ({@link Tensor#accumulateGrad}), since
 * optimizers and clippers write into {@code .grad()} in place and the incoming tensor may be shared. The engine
 * skips that copy for gradients it knows nothing else holds (see {@link #isPrivate}): a rule's output whose storage
 * is none of the tensors the rule could have returned a view of, or a sum the engine made itself.
 */
public final class Backward {
    private Backward() {}

    public static void run(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no graph "
                    + "(did you call requiresGrad(true) on a leaf, or compute it inside Grad.off()?)");
        }
        if (!gradient.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + gradient.shape()
                    + " does not match the tensor's shape " + root.shape());
        }
        if (!gradient.device().equals(root.device())) {
            throw new IllegalArgumentException("backward: gradient is on " + gradient.device() + " but the tensor is on " + root.device());
        }
        if (gradient.dtype() != root.dtype()) {
            try (var off = Grad.off()) {
                gradient = gradient.to(root.dtype());
            }
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        grads.put(root, gradient);
        try (var off = Grad.off()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                Node node = t.gradFn();
                boolean adopt = owned.remove(g) && node == null && t.grad() == null
                        && g.dtype() == t.dtype() && g.isContiguous();
                if (adopt) t.setGrad(g.detach());
                else if (node == null || t.retainsGrad()) t.accumulateGrad(g);
                if (node == null) continue;
                Tensor[] inputs = node.inputsOrNull();
                Tensor[] saved = node.savedOrEmpty();
                Tensor[] inputGrads = node.applyRule(g);
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor ig = inputGrads[k];
                    if (ig == null || !in.requiresGrad()) continue;
                    if (!ig.shape().equals(in.shape())) {
                        throw new IllegalStateException("gradient rule of '" + node.op() + "' produced shape " + ig.shape()
                                + " for input " + k + " of shape " + in.shape());
                    }
                    Tensor prev = grads.get(in);
                    if (prev == null) {
                        grads.put(in, ig);
                        if (isPrivate(ig, k, t, g, inputs, saved, inputGrads)) owned.add(ig);
                    } else {
                        Tensor sum = prev.add(ig);
                        owned.remove(prev);
                        owned.add(sum);
                        grads.put(in, sum);
                    }
                }
            }
        }
        if (!retainGraph) {
            for (Tensor t : order) if (t.gradFn() != null) t.gradFn().release();
        }
    }

    /**
     * True when input k's gradient {@code ig} from the rule of {@code out}'s node cannot share storage with anything
     * else: rules are composed of tensor ops, which return fresh tensors or views of tensors the rule was handed
     * (the incoming gradient, the node's inputs, output and saved tensors), so a gradient whose storage is none of
     * those, nor any other input's gradient, was made by the rule for this input alone.
     */
    private static boolean isPrivate(Tensor ig, int k, Tensor out, Tensor g, Tensor[] inputs, Tensor[] saved,
                                     Tensor[] inputGrads) {
        var storage = ig.storage();
        if (storage == g.storage() || storage == out.storage()) return false;
        for (Tensor in : inputs) if (in.storage() == storage) return false;
        for (Tensor s : saved) if (s.storage() == storage) return false;
        for (int j = 0; j < inputGrads.length; j++) {
            if (j != k && inputGrads[j] != null && inputGrads[j].storage() == storage) return false;
        }
        return true;
    }

    /** Tensors reachable from root through recorded nodes, each after all tensors it was computed from. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        // Iterative post-order DFS: deep graphs (long RNN unrolls) must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? null : node.inputsOrNull();
            if (node != null && inputs == null) {
                throw new IllegalStateException("backward through the graph a second time (op '" + node.op()
                        + "'): it was freed after the first backward; pass retainGraph=true the first time");
            }
            if (inputs != null && next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in.requiresGrad() && visited.putIfAbsent(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
