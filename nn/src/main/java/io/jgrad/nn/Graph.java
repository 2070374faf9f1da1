package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A model built as a graph of layers (Keras's functional API), for skip connections and merges:
 * <pre>{@code
 * Graph.Node in = Graph.input();
 * Graph.Node h = in.then(Conv2d.of(16, 3).padding(1)).then(new ReLU());
 * Graph.Node a = h.then(Conv2d.of(16, 3).padding(1));
 * Graph.Node out = Graph.add(a, h).then(new ReLU()).then(new GlobalAvgPool2d()).then(Dense.of(10));
 * Graph model = Graph.model(in, out);
 * }</pre>
 * Layers are registered under {@code 0}, {@code 1}, ... in the order the forward pass runs them (a layer used at
 * two nodes shares its parameters and is registered once). Merges have no parameters.
 */
public final class Graph extends Module {
    /** A value in the graph: the input, a layer applied to a node, or a merge of nodes. */
    public static final class Node {
        private final Module layer;                        // for a layer node
        private final Function<List<Tensor>, Tensor> merge; // for a merge node
        private final List<Node> parents;
        private final String label;

        private Node(Module layer, Function<List<Tensor>, Tensor> merge, List<Node> parents, String label) {
            this.layer = layer;
            this.merge = merge;
            this.parents = parents;
            this.label = label;
        }

        /** This node through {@code layer}. */
        public Node then(Module layer) {
            if (layer == null) throw new IllegalArgumentException("Graph: then(null)");
            return new Node(layer, null, List.of(this), layer.getClass().getSimpleName());
        }

        boolean isInput() { return layer == null && merge == null; }

        @Override
        public String toString() { return "Node(" + label + ")"; }
    }

    private final Node input, output;
    private final List<Node> order; // every node the output depends on, parents first

    private Graph(Node input, Node output) {
        this.input = input;
        this.output = output;
        this.order = new ArrayList<>();
        visit(output, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!order.contains(input)) throw new IllegalArgumentException("Graph: the output does not depend on the given input");
        for (Node n : order) {
            if (n.isInput() && n != input) throw new IllegalArgumentException("Graph: the output depends on an input other than the given one");
        }
        Set<Module> registered = Collections.newSetFromMap(new IdentityHashMap<>());
        int index = 0;
        for (Node n : order) {
            if (n.layer != null && registered.add(n.layer)) registerModule(String.valueOf(index++), n.layer);
        }
    }

    private void visit(Node n, Set<Node> seen) {
        if (!seen.add(n)) return;
        for (Node p : n.parents) visit(p, seen);
        order.add(n);
    }

    /** The model's input. */
    public static Node input() { return new Node(null, null, List.of(), "input"); }

    /** The model from {@code input} to {@code output}. */
    public static Graph model(Node input, Node output) { return new Graph(input, output); }

    /** The elementwise sum of nodes of the same shape (a residual connection). */
    public static Node add(Node first, Node... more) {
        return merge("add", parts -> {
            Tensor sum = parts.getFirst();
            for (int i = 1; i < parts.size(); i++) {
                if (!parts.get(i).shape().equals(sum.shape())) {
                    throw new IllegalArgumentException("Graph.add: shapes " + sum.shape() + " and " + parts.get(i).shape() + " differ");
                }
                sum = sum.add(parts.get(i));
            }
            return sum;
        }, first, more);
    }

    /** Nodes joined along {@code axis} (1: channels of [N, C, ...], features of [N, F]). */
    public static Node concat(int axis, Node first, Node... more) {
        return merge("concat", parts -> Tensor.concat(parts, axis), first, more);
    }

    /** A merge with any function of the parents' values (in the order given). */
    public static Node merge(String label, Function<List<Tensor>, Tensor> f, Node first, Node... more) {
        List<Node> parents = new ArrayList<>();
        parents.add(first);
        Collections.addAll(parents, more);
        for (Node p : parents) if (p == null) throw new IllegalArgumentException("Graph." + label + ": a null node");
        return new Node(null, f, List.copyOf(parents), label);
    }

    @Override
    public Tensor forward(Tensor x) {
        Map<Node, Tensor> values = new IdentityHashMap<>();
        values.put(input, x);
        for (Node n : order) {
            if (n.isInput()) continue;
            if (n.layer != null) {
                values.put(n, n.layer.call(values.get(n.parents.getFirst())));
            } else {
                List<Tensor> parts = new ArrayList<>(n.parents.size());
                for (Node p : n.parents) parts.add(values.get(p));
                values.put(n, n.merge.apply(parts));
            }
        }
        return values.get(output);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Graph(");
        for (Node n : order) {
            sb.append("\n  ").append(n.label);
            if (!n.parents.isEmpty()) {
                sb.append(" <- ");
                for (int i = 0; i < n.parents.size(); i++) sb.append(i > 0 ? ", " : "").append(n.parents.get(i).label);
            }
        }
        return sb.append("\n)").toString();
    }
}
