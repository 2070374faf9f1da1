package io.jgrad;

import io.jgrad.autograd.Grad;
import io.jgrad.autograd.Op;
import io.jgrad.backend.BinaryOp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode engine: sorts the graph once, runs each recorded op's rule ({@link Gradients}) in reverse order and
 * sums the gradients that reach a tensor along several edges. {@link #backward} accumulates into the leaves'
 * {@code .grad()}; {@link #grad} returns the gradients of chosen tensors and touches no {@code .grad()}. With
 * {@code createGraph} the rules run with recording on, so the gradients are themselves differentiable (double
 * backward); otherwise they run with it off.
 *
 * <p>A leaf's first gradient is normally copied into a private tensor ({@link Tensor#accumulateGrad}), since
 * optimizers and clippers write into {@code .grad()} in place and the incoming tensor may be shared. The engine
 * skips that copy for gradients it knows nothing else holds (see {@link #isPrivate}): a rule's output whose storage
 * is none of the tensors the rule could have returned a view of, or a sum the engine made itself.
 */
final class AutogradEngine {
    private AutogradEngine() {}

    /** Backpropagates {@code gradient} from {@code root} into the {@code .grad()} of every leaf it depends on. */
    static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no graph "
                    + "(did you call requiresGrad(true) on a leaf, or compute it inside Grad.off()?)");
        }
        Tensor g = checkedGradient("backward", root, gradient);
        new Pass(List.of(root), List.of(g), null, createGraph).run();
        if (!retainGraph && !createGraph) release(List.of(root));
    }

    /**
     * The gradients of {@code sum(outputs[i] * gradOutputs[i])} with respect to each of {@code inputs} (null for
     * an input the outputs do not depend on, when {@code allowUnused}).
     */
    static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs, boolean retainGraph,
                             boolean createGraph, boolean allowUnused) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("grad: no outputs given");
        if (gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " output gradients");
        }
        List<Tensor> roots = new ArrayList<>(), rootGrads = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad()) {
                throw new IllegalStateException("grad: output " + i + " (shape " + out.shape() + ") does not require grad and has no graph");
            }
            roots.add(out);
            rootGrads.add(checkedGradient("grad", out, gradOutputs.get(i)));
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + inputs.get(i).shape() + ") does not require grad");
            }
        }
        Pass pass = new Pass(roots, rootGrads, inputs, createGraph);
        pass.run();
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = pass.captured.get(inputs.get(i));
            if (g == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + inputs.get(i).shape()
                        + ") was not used to compute the outputs; pass allowUnused=true to get null for it");
            }
            result.add(g);
        }
        if (!retainGraph && !createGraph) release(roots);
        return result;
    }

    private static Tensor checkedGradient(String op, Tensor root, Tensor gradient) {
        if (!gradient.shape().equals(root.shape())) {
            throw new IllegalArgumentException(op + ": gradient of shape " + gradient.shape()
                    + " does not match the tensor's shape " + root.shape());
        }
        if (!gradient.device().equals(root.device())) {
            throw new IllegalArgumentException(op + ": gradient is on " + gradient.device() + " but the tensor is on " + root.device());
        }
        if (gradient.dtype() == root.dtype()) return gradient;
        try (var off = Grad.off()) {
            return gradient.to(root.dtype());
        }
    }

    /** Frees the saved tensors of every op reachable from the roots. */
    private static void release(List<Tensor> roots) {
        for (Tensor t : topologicalOrder(roots)) if (t.gradFn() != null) t.gradFn().release();
    }

    /** One backward pass over the graph below some roots. */
    private static final class Pass {
        private final List<Tensor> roots;
        private final List<Tensor> rootGrads;
        /** The tensors whose gradients {@link #grad} returns; null for {@link #backward}, which fills leaves' grads. */
        private final Set<Tensor> wanted;
        private final boolean createGraph;
        final Map<Tensor, Tensor> captured = new IdentityHashMap<>();

        Pass(List<Tensor> roots, List<Tensor> rootGrads, List<Tensor> wanted, boolean createGraph) {
            this.roots = roots;
            this.rootGrads = rootGrads;
            this.createGraph = createGraph;
            if (wanted == null) {
                this.wanted = null;
            } else {
                this.wanted = Collections.newSetFromMap(new IdentityHashMap<>());
                this.wanted.addAll(wanted);
            }
        }

        void run() {
            List<Tensor> order = topologicalOrder(roots);
            Set<Tensor> leadsToWanted = wanted == null ? null : leadingTo(order, wanted);
            Map<Tensor, Tensor> grads = new IdentityHashMap<>();
            Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < roots.size(); i++) {
                Tensor prev = grads.get(roots.get(i));
                grads.put(roots.get(i), prev == null ? rootGrads.get(i) : prev.add(rootGrads.get(i)));
            }
            try (var mode = createGraph ? Grad.on() : Grad.off()) {
                for (int i = order.size() - 1; i >= 0; i--) {
                    Tensor t = order.get(i);
                    Tensor g = grads.remove(t);
                    if (g == null) continue;
                    GradFn node = t.gradFn();
                    if (wanted != null) {
                        if (wanted.contains(t)) captured.put(t, g);
                        if (node == null || !leadsToWanted.contains(t)) continue;
                    } else {
                        boolean adopt = !createGraph && node == null && t.grad() == null
                                && g.dtype() == t.dtype() && g.isContiguous() && owned.remove(g);
                        if (adopt) t.setGrad(g.detach());
                        else if (node == null || t.retainsGrad()) t.accumulateGrad(g, createGraph);
                        if (node == null) continue;
                    }
                    boolean handedOut = wanted != null && wanted.contains(t);
                    propagate(t, node, g, grads, owned, handedOut);
                }
            }
        }

        /**
         * Runs t's rule and adds each input's gradient to what it has received so far. Gradients that only the engine
         * held and that are now used up (g after the rule, unless the rule passed it on; a partial sum and a private
         * addend after their sum) go back to their backend ({@link Backend#recycle}) for reuse; not under createGraph,
         * where they are part of the recorded graph, nor a gradient handed out to the caller ({@code handedOut}).
         */
        private void propagate(Tensor t, GradFn node, Tensor g, Map<Tensor, Tensor> grads, Set<Tensor> owned,
                               boolean handedOut) {
            if (addedIntoSliceRegion(node, g, grads, owned)) {
                if (!handedOut) recycleIfOwned(g, owned, null);
                return;
            }
            Tensor[] inputs = node.inputsOrNull();
            Tensor[] saved = node.savedOrEmpty();
            boolean gOwned = owned.contains(g);
            // g may be written over by the rule when nothing reads it afterwards: the engine alone holds it, it is not
            // handed out to the caller, and no graph of the gradients is being recorded.
            Tensor[] inputGrads = node.apply(g, gOwned && !handedOut && !createGraph);
            for (int k = 0; k < inputs.length; k++) {
                Tensor in = inputs[k];
                Tensor ig = inputGrads[k];
                if (ig == null || !in.requiresGrad()) continue;
                if (!ig.shape().equals(in.shape())) {
                    throw new IllegalStateException("gradient rule of '" + node.op() + "' produced shape " + ig.shape()
                            + " for input " + k + " of shape " + in.shape());
                }
                Tensor prev = grads.get(in);
                boolean isPrivate = isPrivate(ig, k, t, g, gOwned, inputs, saved, inputGrads);
                if (prev == null) {
                    grads.put(in, ig);
                    if (isPrivate) owned.add(ig);
                } else if (addedInPlace(prev, ig, owned)) {
                    if (isPrivate) ig.backend().recycle(ig.storage());
                } else {
                    Tensor sum = prev.add(ig);
                    recycleIfOwned(prev, owned, null);
                    owned.add(sum);
                    grads.put(in, sum);
                    if (isPrivate && !createGraph) ig.backend().recycle(ig.storage());
                }
            }
            if (!handedOut) recycleIfOwned(g, owned, inputGrads);
        }

        /**
         * Adds {@code ig} into the partial sum {@code prev} in place when the engine alone holds {@code prev} (not under
         * createGraph, where sums are recorded), instead of a new tensor for the sum; false when it cannot.
         */
        private boolean addedInPlace(Tensor prev, Tensor ig, Set<Tensor> owned) {
            if (createGraph || !owned.contains(prev) || !prev.isContiguous() || prev.storage() == ig.storage()
                    || prev.dtype() != ig.dtype() || prev.backend() != ig.backend()) {
                return false;
            }
            prev.backend().binaryInPlace(BinaryOp.ADD, prev.storage(), prev.layout(), ig.storage(), ig.layout());
            return true;
        }

        /** Recycles {@code g} if the engine alone held it and no gradient in {@code still} shares its storage. */
        private void recycleIfOwned(Tensor g, Set<Tensor> owned, Tensor[] still) {
            if (!owned.remove(g) || createGraph) return;
            if (still != null) {
                for (Tensor s : still) if (s != null && s.storage() == g.storage()) return;
            }
            g.backend().recycle(g.storage());
        }

        /**
         * A slice's rule makes zeros of its input's shape with g written where the slice came from. When the input
         * already has a contiguous gradient that only the engine holds (several slices of one tensor: the q, k and v
         * of one projection, an LSTM's gates), g is added into that gradient's region in place instead, which saves a
         * zero-filled copy of the whole input and a whole-size sum per slice. Not under createGraph, where the sum
         * must be recorded. Returns whether it did.
         */
        private boolean addedIntoSliceRegion(GradFn node, Tensor g, Map<Tensor, Tensor> grads, Set<Tensor> owned) {
            if (createGraph || !(node.description() instanceof Op.Slice s)) return false;
            Tensor in = s.x(), prev = grads.get(in);
            if (prev == null || !owned.contains(prev) || !prev.isContiguous() || !in.requiresGrad()
                    || prev.dtype() != g.dtype() || prev.backend() != g.backend()) {
                return false;
            }
            Layout region = prev.layout().narrow(s.axis(), s.start(), s.length(), s.step());
            prev.backend().binaryInPlace(BinaryOp.ADD, prev.storage(), region, g.storage(), g.layout());
            return true;
        }
    }

    /** The tensors of {@code order} (inputs before outputs) from which a wanted tensor can be reached backwards. */
    private static Set<Tensor> leadingTo(List<Tensor> order, Set<Tensor> wanted) {
        Set<Tensor> leads = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) {
            boolean reaches = false;
            GradFn node = t.gradFn();
            if (node != null) {
                for (Tensor in : node.inputsOrNull()) reaches |= wanted.contains(in) || leads.contains(in);
            }
            if (reaches) leads.add(t);
        }
        return leads;
    }

    /**
     * True when input k's gradient {@code ig} from the rule of {@code out}'s node cannot share storage with anything
     * else: rules are composed of tensor ops, which return fresh tensors or views of tensors the rule was handed
     * (the incoming gradient, the node's inputs, output and saved tensors), so a gradient whose storage is none of
     * those, nor any other input's gradient, was made by the rule for this input alone. A view of the incoming
     * gradient (a reshape's or permute's rule) is private too when the engine alone held that gradient
     * ({@code gOwned}): the engine's exclusive hold passes on to the view.
     */
    private static boolean isPrivate(Tensor ig, int k, Tensor out, Tensor g, boolean gOwned, Tensor[] inputs,
                                     Tensor[] saved, Tensor[] inputGrads) {
        var storage = ig.storage();
        if ((storage == g.storage() && !gOwned) || storage == out.storage()) return false;
        for (Tensor in : inputs) if (in.storage() == storage) return false;
        for (Tensor s : saved) if (s.storage() == storage) return false;
        for (int j = 0; j < inputGrads.length; j++) {
            if (j != k && inputGrads[j] != null && inputGrads[j].storage() == storage) return false;
        }
        return true;
    }

    /** Tensors reachable from the roots through recorded ops, each after all tensors it was computed from. */
    static List<Tensor> topologicalOrder(List<Tensor> roots) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        // Iterative post-order DFS: deep graphs (long RNN unrolls) must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (visited.putIfAbsent(root, Boolean.TRUE) != null) continue;
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                GradFn node = t.gradFn();
                Tensor[] inputs = node == null ? null : node.inputsOrNull();
                if (node != null && inputs == null) {
                    throw new IllegalStateException("backward through the graph a second time (op '" + node.op()
                            + "'): it was freed after the first backward; pass retainGraph=true the first time");
                }
                if (inputs != null && next < inputs.length) {
                    frame[1] = next + 1;
                    Tensor in = inputs[next];
                    if (in.requiresGrad() && visited.putIfAbsent(in, Boolean.TRUE) == null) stack.push(new Object[] {in, 0});
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }
}
