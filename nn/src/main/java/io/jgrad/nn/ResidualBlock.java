package io.jgrad.nn;

import io.jgrad.Tensor;

/**
 * ResNet's basic block (He et al. 2016, torchvision's {@code BasicBlock}):
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))} with 3x3 convolutions without bias, the first with
 * {@code stride}. The shortcut is the identity when the shape is kept, else a projection: a 1x1 convolution with
 * {@code stride} and a batch norm ({@code shortcut.0}, {@code shortcut.1}). Written as a plain {@link Module}
 * subclass with a {@code forward}, which is the simplest way to build a non-sequential model.
 */
public final class ResidualBlock extends Module {
    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;
    private final Sequential shortcut; // null: identity

    public ResidualBlock(int in, int out) { this(in, out, 1); }

    public ResidualBlock(int in, int out, int stride) {
        if (stride <= 0) throw new IllegalArgumentException("ResidualBlock: stride must be positive, got " + stride);
        conv1 = registerModule("conv1", new Conv2d(in, out, 3).stride(stride).padding(1).withoutBias());
        bn1 = registerModule("bn1", new BatchNorm2d(out));
        conv2 = registerModule("conv2", new Conv2d(out, out, 3).padding(1).withoutBias());
        bn2 = registerModule("bn2", new BatchNorm2d(out));
        shortcut = stride != 1 || in != out
                ? registerModule("shortcut", new Sequential(new Conv2d(in, out, 1).stride(stride).withoutBias(), new BatchNorm2d(out)))
                : null;
    }

    public int inChannels() { return conv1.inChannels(); }

    public int outChannels() { return conv1.outChannels(); }

    public int stride() { return conv1.stride()[0]; }

    /** Whether the shortcut is a projection (1x1 convolution and batch norm) rather than the identity. */
    public boolean hasProjection() { return shortcut != null; }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = bn1.call(conv1.call(x)).relu();
        h = bn2.call(conv2.call(h));
        Tensor skip = shortcut == null ? x : shortcut.call(x);
        return h.add(skip).relu();
    }

    @Override
    public String toString() {
        return "ResidualBlock(" + conv1.inChannels() + ", " + conv1.outChannels() + ", projection=" + hasProjection() + ")";
    }
}
