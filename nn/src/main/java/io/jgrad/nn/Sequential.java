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
     * ({@link io.jgrad.F#linearRelu}): the same values and gradients, without the pre-activation tensor.
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
