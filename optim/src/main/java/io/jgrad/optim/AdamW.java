package io.jgrad.optim;

import io.jgrad.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): {@code p *= 1 - lr * wd} before the Adam update, as
 * PyTorch's AdamW. The default weight decay is 0.01.
 */
public final class AdamW extends Adam {
    public AdamW(List<Tensor> params, double lr) { this(builder(params).lr(lr)); }

    AdamW(Builder b) { super(b); }

    public static Builder builder(List<Tensor> params) { return new Builder(true).params(params); }

    public static Builder builder() { return new Builder(true); }
}
