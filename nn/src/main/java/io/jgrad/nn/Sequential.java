package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Layers applied one after another; they are named {@code 0}, {@code 1}, ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer. Returns this. */
    public Sequential add(Module layer) {
        if (layer == null) throw new IllegalArgumentException("Sequential: layer " + layers.size() + " is null");
        registerModule(String.valueOf(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    public int size() { return layers.size(); }

    public Module get(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential: layer " + index + " requested, but there are " + layers.size());
        }
        return layers.get(index);
    }

    public List<Module> layers() { return Collections.unmodifiableList(layers); }

    /**
     * Applies the layers in order. A {@link Dense} followed by a {@link ReLU} runs as one fused op
     * ({@link io.jgrad.F#linearRelu}): the same values and gradients, without the pre-activation tensor. A
     * {@link ReLU} followed by a {@link MaxPool2d} runs in the other order, pooling first: max pooling commutes with
     * the ReLU (a non-decreasing map), so the values are the same, and so are the gradients (where a window's maximum
     * is positive both orders pick its first maximum; elsewhere both gradients are zero), while the ReLU and its
     * gradient work on the pooled tensor, a quarter of the size for 2x2 pooling.
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            if (m instanceof Dense dense && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU relu) {
                x = dense.forwardRelu(x);
                Summary.record(dense, x);
                Summary.record(relu, x);
                i++;
            } else if (m instanceof ReLU relu && i + 1 < layers.size() && layers.get(i + 1) instanceof MaxPool2d pool) {
                Summary.record(relu, x); // the ReLU's output has its input's shape
                x = pool.call(x).relu();
                i++;
            } else {
                x = m.call(x);
            }
        }
        return x;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append("\n  (").append(i).append("): ").append(layers.get(i));
        return sb.append(layers.isEmpty() ? ")" : "\n)").toString();
    }
}
