package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds {@link Module#summary}'s table; a forward hook on every module records its output shapes. */
final class Summary {
    private Summary() {}

    /**
     * One forward pass on zeros of shape [1, inputShape...] per input, in eval mode without a graph; the mode is
     * restored.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    static void dryRun(Module root, List<Shape> inputShapes) {
        boolean wasTraining = root.isTraining();
        List<Tensor> params = root.parameters();
        DType dtype = params.isEmpty() ? DType.F32 : params.getFirst().dtype();
        try (var g = Grad.off()) {
            root.eval();
            List<Tensor> inputs = new ArrayList<>();
            for (Shape shape : inputShapes) {
                int[] batched = new int[shape.rank() + 1];
                batched[0] = 1;
                System.arraycopy(shape.dims(), 0, batched, 1, shape.rank());
                inputs.add(params.isEmpty() ? Tensor.zeros(dtype, batched) : params.getFirst().newZeros(batched));
            }
            if (inputs.size() == 1) root.call(inputs.getFirst());
            else root.call(Inputs.of(inputs));
        } finally {
            if (wasTraining) root.train();
        }
    }

    static String of(Module root, List<Shape> inputShapes) {
        Map<Module, List<Shape>> shapes = new IdentityHashMap<>();
        List<ForwardHook.Handle> handles = new ArrayList<>();
        try {
            for (Module m : root.namedModules().values()) {
                handles.add(m.registerForwardHook((module, in, out) -> {
                    List<Shape> s = new ArrayList<>();
                    for (Tensor t : out.list()) s.add(t == null ? null : t.shape());
                    shapes.put(module, s);
                }));
            }
            dryRun(root, inputShapes);
        } finally {
            handles.forEach(ForwardHook.Handle::remove);
        }

        List<String[]> rows = new ArrayList<>();
        for (var e : root.namedModules().entrySet()) {
            Module m = e.getValue();
            boolean leaf = m.namedChildren().isEmpty();
            if (!leaf && m.ownParameters().isEmpty()) continue;
            long count = 0;
            for (Tensor p : m.ownParameters().values()) count += p.numel();
            String type = m.getClass().getSimpleName();
            String name = e.getKey().isEmpty() ? type : e.getKey() + " (" + type + ")";
            rows.add(new String[] {name, outputShapes(shapes.get(m)), String.format(Locale.ROOT, "%,d", count)});
        }
        long total = 0, trainable = 0;
        for (Tensor p : root.parameters()) {
            total += p.numel();
            if (p.requiresGrad()) trainable += p.numel();
        }

        String[] header = {"Layer (type)", "Output Shape", "Param #"};
        int[] width = {header[0].length(), header[1].length(), header[2].length()};
        for (String[] r : rows) for (int i = 0; i < 3; i++) width[i] = Math.max(width[i], r[i].length());
        String format = "%-" + width[0] + "s   %-" + width[1] + "s   %" + width[2] + "s%n";
        int lineLength = width[0] + width[1] + width[2] + 6;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(root.getClass().getSimpleName()).append("\"\n");
        sb.append("=".repeat(lineLength)).append('\n');
        sb.append(String.format(Locale.ROOT, format, (Object[]) header));
        sb.append("=".repeat(lineLength)).append('\n');
        for (String[] r : rows) sb.append(String.format(Locale.ROOT, format, (Object[]) r));
        sb.append("=".repeat(lineLength)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        return sb.toString();
    }

    /** One output's shape, or Keras' list of shapes for several; "?" for a module that did not run. */
    private static String outputShapes(List<Shape> shapes) {
        if (shapes == null) return "?";
        if (shapes.size() == 1) return batchShape(shapes.getFirst());
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) sb.append(i > 0 ? ", " : "").append(shapes.get(i) == null ? "None" : batchShape(shapes.get(i)));
        return sb.append(']').toString();
    }

    /** Keras style: the batch dimension as None. */
    private static String batchShape(Shape s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.rank(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(i == 0 ? "None" : String.valueOf(s.dim(i)));
        }
        return sb.append(s.rank() == 1 ? ",)" : ")").toString();
    }
}
