package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A model built as a graph of layers (Keras's functional API), for skip connections, merges, and several inputs and
 * outputs:
 * <pre>{@code
 * Graph.Node in = Graph.input();
 * Graph.Node h = in.then(Conv2d.of(16, 3).padding(1)).then(new ReLU());
 * Graph.Node a = h.then(Conv2d.of(16, 3).padding(1));
 * Graph.Node out = Graph.add(a, h).then(new ReLU()).then(new GlobalAvgPool2d()).then(Dense.of(10));
 * Graph model = Graph.model(in, out);
 * }</pre>
 * A layer with several inputs takes several nodes ({@code Graph.apply(attention, q, k, v)}, with named inputs and
 * options through {@link #apply(Module, List, Map)}); one output of a layer with several is selected with
 * {@link Node#output(String)}. A model with several inputs or outputs ({@link #model(List, List)}) is called with
 * {@link Module#call(Inputs)}; its inputs are named after the input nodes.
 *
 * <p>Layers are registered under {@code 0}, {@code 1}, ... in the order the forward pass runs them (a layer used at
 * two nodes shares its parameters and is registered once). Merges have no parameters. Consecutive layers whose
 * intermediate value goes nowhere else are fused as the layers declare, as {@link Sequential} does.
 */
public final class Graph extends Module {
    /** A value in the graph: an input, a layer applied to nodes, a merge of nodes, or one output of a layer node. */
    public static final class Node {
        private enum Kind { INPUT, LAYER, MERGE, SELECT }

        private final Kind kind;
        private final String label;
        private final List<Node> parents;          // every node this one reads; for a layer, positional ones first
        private final int positional;              // LAYER: how many parents are positional inputs
        private final List<String> parentNames;    // LAYER: the input names of the parents after the positional ones
        private final Map<String, Object> options; // LAYER
        private final Module layer;                // LAYER
        private final Function<List<Tensor>, Tensor> merge; // MERGE
        private final int index;                   // SELECT: which output of the parent
        private final String name;                 // INPUT: its name, or null for a default one

        private Node(Kind kind, String label, List<Node> parents, int positional, List<String> parentNames,
                     Map<String, Object> options, Module layer, Function<List<Tensor>, Tensor> merge, int index, String name) {
            this.kind = kind;
            this.label = label;
            this.parents = parents;
            this.positional = positional;
            this.parentNames = parentNames;
            this.options = options;
            this.layer = layer;
            this.merge = merge;
            this.index = index;
            this.name = name;
        }

        /** This node through {@code layer}. */
        public Node then(Module layer) {
            if (layer == null) throw new IllegalArgumentException("Graph: then(null)");
            return Graph.apply(layer, this);
        }

        /** Output {@code index} of this layer node (a layer with several outputs). */
        public Node output(int index) {
            List<String> names = outputNames();
            if (index < 0 || index >= names.size()) {
                throw new IllegalArgumentException("Graph: " + label + " has outputs " + names + "; there is no output " + index);
            }
            if (names.size() == 1) return this;
            return new Node(Kind.SELECT, label + "." + names.get(index), List.of(this), 0, List.of(), Map.of(), null, null, index, null);
        }

        /** The output of this layer node called {@code name} in its layer's {@link Signature}. */
        public Node output(String name) {
            int i = outputNames().indexOf(name);
            if (i < 0) throw new IllegalArgumentException("Graph: " + label + " has no output '" + name + "'; its outputs are " + outputNames());
            return output(i);
        }

        private List<String> outputNames() { return kind == Kind.LAYER ? layer.signature().outputNames() : List.of("output"); }

        /** Fails when this node holds several outputs, where one tensor is needed. */
        private Node single(String use) {
            if (outputNames().size() > 1) {
                throw new IllegalArgumentException("Graph: " + label + " has " + outputNames().size() + " outputs " + outputNames()
                        + "; select one with output(...) before " + use);
            }
            return this;
        }

        boolean isInput() { return kind == Kind.INPUT; }

        @Override
        public String toString() { return "Node(" + label + ")"; }
    }

    /** One node's work in the forward pass: where its parents' values are, and the fusion it may take part in. */
    private static final class Step {
        final Node node;
        final int[] parents;   // indices of the parents' steps
        final boolean chainLink;
        int fusedFrom = -1;    // the step of a layer this one fuses with (its only parent), when declared
        int absorbedBy = -1;   // the step that fuses this one into itself, when declared

        Step(Node node, int[] parents) {
            this.node = node;
            this.parents = parents;
            this.chainLink = isChainLink(node);
        }
    }

    private final List<Node> inputs, outputs;
    private final List<Step> steps = new ArrayList<>(); // every node the outputs depend on, parents first
    private final int[] inputSteps, outputSteps;
    private final boolean fusions;
    private final Signature signature;

    private Graph(List<Node> inputs, List<Node> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) throw new IllegalArgumentException("Graph: a model needs at least one input and one output");
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (Node out : this.outputs) visit(out.single("it is a model output"), position);
        List<String> inputNames = inputNames(position);
        this.inputSteps = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) inputSteps[i] = position.get(inputs.get(i));
        for (Step s : steps) {
            if (s.node.isInput() && !this.inputs.contains(s.node)) {
                throw new IllegalArgumentException("Graph: the output depends on an input other than the given ones (" + s.node.label + ")");
            }
        }
        this.outputSteps = new int[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) outputSteps[i] = position.get(outputs.get(i));
        this.fusions = planFusions();
        List<String> outputNames = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) outputNames.add(outputs.size() == 1 ? "output" : "output" + i);
        this.signature = Signature.of(inputNames.toArray(String[]::new)).outputs(outputNames.toArray(String[]::new));
        Set<Module> registered = Collections.newSetFromMap(new IdentityHashMap<>());
        int index = 0;
        for (Step s : steps) {
            if (s.node.layer != null && registered.add(s.node.layer)) registerModule(String.valueOf(index++), s.node.layer);
        }
    }

    private int visit(Node n, Map<Node, Integer> position) {
        Integer known = position.get(n);
        if (known != null) return known;
        int[] parents = new int[n.parents.size()];
        for (int i = 0; i < parents.length; i++) parents[i] = visit(n.parents.get(i), position);
        steps.add(new Step(n, parents));
        position.put(n, steps.size() - 1);
        return steps.size() - 1;
    }

    /** Each input's name: its own, else {@code input} for a single one and {@code input0}, ... for several. */
    private List<String> inputNames(Map<Node, Integer> position) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            if (in == null || !in.isInput()) throw new IllegalArgumentException("Graph: model input " + i + " is not an input node: " + in);
            if (!position.containsKey(in)) {
                throw new IllegalArgumentException("Graph: the output does not depend on the given input"
                        + (inputs.size() == 1 ? "" : " " + i + " (" + in.label + ")"));
            }
            String name = in.name != null ? in.name : inputs.size() == 1 ? "input" : "input" + i;
            if (names.contains(name)) throw new IllegalArgumentException("Graph: two inputs are named '" + name + "'");
            names.add(name);
        }
        return names;
    }

    /**
     * Marks the pairs of layer steps that fuse: a one-input layer whose only parent is another one-input layer, when
     * the parent's value goes nowhere else (no other step reads it and it is not a model output) and the layers
     * declare a fusion ({@link Fusions#declared}). Whether the pair runs fused is decided per forward pass (hooks).
     */
    private boolean planFusions() {
        int[] readers = new int[steps.size()];
        for (Step s : steps) for (int p : s.parents) readers[p]++;
        for (int o : outputSteps) readers[o]++;
        boolean any = false;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (!s.chainLink) continue;
            Step parent = steps.get(s.parents[0]);
            // A parent that fuses with its own parent is taken (Sequential also fuses pairs left to right).
            if (parent.chainLink && readers[s.parents[0]] == 1 && parent.fusedFrom < 0
                    && Fusions.declared(parent.node.layer, s.node.layer)) {
                s.fusedFrom = s.parents[0];
                parent.absorbedBy = i;
                any = true;
            }
        }
        return any;
    }

    /** A layer applied to exactly one node, with a one-tensor signature ({@code node.then(layer)}). */
    private static boolean isChainLink(Node n) {
        return n.kind == Node.Kind.LAYER && n.parents.size() == 1 && n.positional == 1 && n.options.isEmpty() && n.layer.signature().isSingle();
    }

    // ---- building --------------------------------------------------------------------------------------------------

    /** A model input, named {@code input} (or {@code input0}, {@code input1}, ... in a model with several). */
    public static Node input() { return new Node(Node.Kind.INPUT, "input", List.of(), 0, List.of(), Map.of(), null, null, -1, null); }

    /** A model input called {@code name}, the name by which {@link Module#call(Inputs)} takes it. */
    public static Node input(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Graph.input: empty name");
        return new Node(Node.Kind.INPUT, name, List.of(), 0, List.of(), Map.of(), null, null, -1, name);
    }

    /** The model from {@code input} to {@code output}. */
    public static Graph model(Node input, Node output) { return new Graph(List.of(input), List.of(output)); }

    /** A model with several inputs and outputs, called with {@link Module#call(Inputs)}; inputs in this order. */
    public static Graph model(List<Node> inputs, List<Node> outputs) { return new Graph(inputs, outputs); }

    /** {@code layer} applied to nodes, by position (several for a layer with several inputs). */
    public static Node apply(Module layer, Node... inputs) { return apply(layer, List.of(inputs), Map.of()); }

    /**
     * {@code layer} applied to nodes by position and by name, with options ({@code Boolean}, {@code Integer}, ...)
     * by name: {@code apply(attention, List.of(q, k, v), Map.of("attnMask", mask, "needWeights", false))}. A call
     * that does not fit the layer's {@link Signature} fails here, naming the layer.
     */
    public static Node apply(Module layer, List<Node> inputs, Map<String, ?> named) {
        if (layer == null) throw new IllegalArgumentException("Graph.apply: a null layer");
        String label = layer.typeName();
        for (Node n : inputs) if (n == null) throw new IllegalArgumentException("Graph.apply: a null input node for " + label);
        Map<String, Object> bound = layer.signature().bind(label, inputs, named, Node.class);
        List<Node> parents = new ArrayList<>();
        for (Node n : inputs) parents.add(n.single("passing it to " + label));
        List<String> parentNames = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        named.forEach((name, value) -> {
            if (value instanceof Node n) {
                parents.add(n.single("passing it to " + label));
                parentNames.add(name);
            } else if (bound.containsKey(name)) {
                options.put(name, value);
            }
        });
        return new Node(Node.Kind.LAYER, label, List.copyOf(parents), inputs.size(), List.copyOf(parentNames),
                Collections.unmodifiableMap(options), layer, null, -1, null);
    }

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
        for (Node p : parents) {
            if (p == null) throw new IllegalArgumentException("Graph." + label + ": a null node");
            p.single("merging it (" + label + ")");
        }
        return new Node(Node.Kind.MERGE, label, List.copyOf(parents), 0, List.of(), Map.of(), null, f, -1, null);
    }

    // ---- running ---------------------------------------------------------------------------------------------------

    @Override
    public Signature signature() { return signature; }

    @Override
    public Tensor forward(Tensor x) {
        if (inputs.size() != 1 || outputs.size() != 1) return super.forward(x); // fails naming what is expected
        Object[] values = new Object[steps.size()];
        values[inputSteps[0]] = x;
        run(values);
        return (Tensor) values[outputSteps[0]];
    }

    @Override
    protected Outputs forward(Inputs in) {
        Object[] values = new Object[steps.size()];
        List<String> names = signature.inputNames();
        for (int i = 0; i < inputSteps.length; i++) values[inputSteps[i]] = in.tensor(names.get(i));
        run(values);
        Tensor[] out = new Tensor[outputSteps.length];
        for (int i = 0; i < out.length; i++) out[i] = (Tensor) values[outputSteps[i]];
        return Outputs.of(out);
    }

    /** Fills {@code values} (a Tensor, or the Outputs of a layer with several) step by step; inputs are set. */
    private void run(Object[] values) {
        boolean[] fused = fusions ? new boolean[steps.size()] : null;
        if (fusions) {
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                if (s.fusedFrom >= 0) fused[i] = Fusions.applies(steps.get(s.fusedFrom).node.layer, s.node.layer);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            Node n = s.node;
            if (n.isInput() || (fusions && s.absorbedBy >= 0 && fused[s.absorbedBy])) continue;
            if (fusions && s.fusedFrom >= 0 && fused[i]) {
                Step first = steps.get(s.fusedFrom);
                values[i] = Fusions.forward(first.node.layer, n.layer, (Tensor) values[first.parents[0]]);
                continue;
            }
            values[i] = switch (n.kind) {
                case LAYER -> s.chainLink ? n.layer.call((Tensor) values[s.parents[0]]) : callLayer(s, values);
                case MERGE -> {
                    List<Tensor> parts = new ArrayList<>(s.parents.length);
                    for (int p : s.parents) parts.add((Tensor) values[p]);
                    yield n.merge.apply(parts);
                }
                case SELECT -> ((Outputs) values[s.parents[0]]).get(n.index);
                case INPUT -> throw new AssertionError("inputs are set before the run");
            };
        }
    }

    /** A layer called with its nodes' values by position and by name, and its options; Outputs when several. */
    private static Object callLayer(Step s, Object[] values) {
        Node n = s.node;
        List<Tensor> positional = new ArrayList<>(n.positional);
        for (int i = 0; i < n.positional; i++) positional.add((Tensor) values[s.parents[i]]);
        Inputs in = Inputs.of(positional);
        for (int i = n.positional; i < s.parents.length; i++) in = in.with(n.parentNames.get(i - n.positional), values[s.parents[i]]);
        for (var e : n.options.entrySet()) in = in.with(e.getKey(), e.getValue());
        Outputs out = n.layer.call(in);
        return out.size() == 1 ? out.get(0) : out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Graph(");
        for (Step s : steps) {
            sb.append("\n  ").append(s.node.label);
            if (!s.node.parents.isEmpty()) {
                sb.append(" <- ");
                for (int i = 0; i < s.node.parents.size(); i++) sb.append(i > 0 ? ", " : "").append(s.node.parents.get(i).label);
            }
        }
        return sb.append("\n)").toString();
    }
}
