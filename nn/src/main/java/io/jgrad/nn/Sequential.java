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
     * Applies the layers in order, fusing consecutive pairs as the layers declare (see {@link FusesActivation} and
     * {@link CommutesWithActivation}): a {@link Dense} followed by a {@link ReLU} runs as one op, a ReLU followed by a
     * {@link MaxPool2d} pools first. The values and gradients are the same, bit for bit. A pair runs unfused while
     * either layer has forward hooks.
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            Module m = layers.get(i);
            if (i + 1 < n && Fusions.applies(m, layers.get(i + 1))) {
                x = Fusions.forward(m, layers.get(i + 1), x);
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
