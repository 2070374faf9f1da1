package io.jgrad.optim;

import io.jgrad.DType;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Keeps state per parameter (momentum buffers, moment estimates, step
 * counts) that {@link #stateDict}/{@link #loadStateDict} save and restore, so training resumes exactly.
 *
 * <p>Weight decay is either an L2 penalty added to the gradient ({@code grad += wd * p}, PyTorch's
 * {@code weight_decay}) or, with {@code decoupledWeightDecay}, a shrink of the parameter before the update
 * ({@code p *= 1 - lr * wd}, as AdamW). Updates run in place with grad mode off; gradients are never modified.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private final long[] steps;
    private final boolean decoupledWeightDecay;

    protected Optimizer(Builder<?> b) {
        if (b.groups.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        checkNonNegative("learning rate", b.lr);
        checkNonNegative("weight decay", b.weightDecay);
        this.groups = List.copyOf(b.groups);
        this.decoupledWeightDecay = b.decoupled;
        for (ParamGroup g : groups) {
            g.defaults(b.lr, b.weightDecay);
            for (Tensor p : g.params()) {
                for (Tensor q : params) {
                    if (q == p) throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter appears in more than one place");
                }
                params.add(p);
                state.add(new LinkedHashMap<>());
            }
        }
        steps = new long[params.size()];
    }

    /** Rejects a hyperparameter that is negative, NaN or infinite, naming the optimizer, the setting and the value. */
    protected void checkNonNegative(String what, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what
                    + " must be finite and >= 0, got " + v);
        }
    }

    /**
     * One update of every parameter that has a gradient. {@code grad} already includes the L2 term when weight decay
     * is not decoupled; {@code step} counts this parameter's updates from 1.
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state, long step);

    /** Applies one update to every parameter with a gradient (parameters without one are left alone). */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public void step() {
        try (var g = Grad.off()) {
            int index = 0;
            for (ParamGroup group : groups) {
                for (Tensor p : group.params()) {
                    int i = index++;
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    double wd = group.weightDecay();
                    if (wd != 0) {
                        if (decoupledWeightDecay) p.mulInPlace(1 - group.lr() * wd);
                        else grad = grad.add(p.mul(wd));
                    }
                    update(group, p, grad, state.get(i), ++steps[i]);
                }
            }
        }
    }

    /**
     * This parameter's state tensor {@code key}, created on first use filled with {@code fill}, shaped like the
     * parameter. State lives as long as the optimizer, so it escapes the step's {@link Scope}.
     */
    protected static Tensor stateLike(Map<String, Tensor> state, String key, Tensor param, double fill) {
        Tensor t = state.get(key);
        if (t == null) {
            t = Scope.escape(param.newFull(fill, param.dims()));
            state.put(key, t);
        }
        return t;
    }

    /** {@code t += s} in place, with the scalar made on t's backend. */
    protected static Tensor addScalarInPlace(Tensor t, double s) {
        return t.addInPlace(t.newFull(s));
    }

    /** {@code a * b * scale} in one new tensor (the temporary is reused for the scaling). */
    protected static Tensor scaledProduct(Tensor a, Tensor b, double scale) {
        Tensor out = a.mul(b);
        return scale == 1 ? out : out.mulInPlace(scale);
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    /** The learning rate of the first group. */
    public double lr() { return groups.getFirst().lr(); }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (ParamGroup g : groups) g.lr(lr);
    }

    public List<ParamGroup> paramGroups() { return groups; }

    /** Every parameter in group order (the index used by the state dict). */
    public List<Tensor> params() { return Collections.unmodifiableList(params); }

    // ---- state ---------------------------------------------------------------------------------------------------

    /**
     * Copies of the optimizer state: {@code group.G.lr}, {@code group.G.initial_lr}, {@code group.G.weight_decay}
     * (0-d F64), and per parameter (index in {@link #params()} order) {@code state.I.step} (0-d F64) and
     * {@code state.I.<buffer>}. Hyperparameters set on the builder (betas, momentum...) are not saved: load into an
     * optimizer built the same way.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var g = Grad.off()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup group = groups.get(gi);
                out.put("group." + gi + ".lr", Tensor.scalar(DType.F64, group.lr()));
                out.put("group." + gi + ".initial_lr", Tensor.scalar(DType.F64, group.initialLr()));
                out.put("group." + gi + ".weight_decay", Tensor.scalar(DType.F64, group.weightDecay()));
            }
            for (int i = 0; i < params.size(); i++) {
                if (steps[i] == 0) continue;
                out.put("state." + i + ".step", Tensor.scalar(DType.F64, steps[i]));
                for (var e : state.get(i).entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue().contiguousCopy());
            }
        }
        return out;
    }

    /** Replaces the optimizer state with a saved one (from an optimizer over parameters of the same shapes). */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public void loadStateDict(Map<String, Tensor> saved) {
        long[] newSteps = new long[params.size()];
        List<Map<String, Tensor>> newState = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) newState.add(new LinkedHashMap<>());
        double[][] groupValues = new double[groups.size()][3];
        boolean[][] seen = new boolean[groups.size()][3];
        List<String> names = List.of("lr", "initial_lr", "weight_decay");
        try (var g = Grad.off()) {
            for (var e : saved.entrySet()) {
                String key = e.getKey();
                String[] parts = key.split("\\.", 3);
                if (parts.length != 3 || !(parts[0].equals("group") || parts[0].equals("state"))) {
                    throw new IllegalArgumentException("loadStateDict: unexpected key '" + key + "'");
                }
                int index = parseIndex(key, parts[1], parts[0].equals("group") ? groups.size() : params.size());
                Tensor value = e.getValue();
                if (parts[0].equals("group")) {
                    int which = names.indexOf(parts[2]);
                    if (which < 0) throw new IllegalArgumentException("loadStateDict: unknown group setting '" + key + "'");
                    groupValues[index][which] = scalar(key, value);
                    seen[index][which] = true;
                } else if (parts[2].equals("step")) {
                    newSteps[index] = (long) scalar(key, value);
                } else {
                    Tensor p = params.get(index);
                    if (!value.shape().equals(p.shape())) {
                        throw new IllegalArgumentException("loadStateDict: '" + key + "' has shape " + value.shape()
                                + " but parameter " + index + " has shape " + p.shape());
                    }
                    newState.get(index).put(parts[2], Scope.escape(Tensor.zerosLike(p).copyFrom(value.detach().to(p.backend()).to(p.dtype()))));
                }
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            for (int k = 0; k < 3; k++) {
                if (!seen[gi][k]) throw new IllegalArgumentException("loadStateDict: missing key 'group." + gi + "." + names.get(k) + "'");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            if (newSteps[i] == 0 && !newState.get(i).isEmpty()) {
                throw new IllegalArgumentException("loadStateDict: state for parameter " + i + " has buffers but no 'state." + i + ".step'");
            }
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup group = groups.get(gi);
            group.lr(groupValues[gi][0]);
            group.setInitialLr(groupValues[gi][1]);
            group.weightDecay(groupValues[gi][2]);
        }
        System.arraycopy(newSteps, 0, steps, 0, steps.length);
        for (int i = 0; i < params.size(); i++) {
            state.get(i).clear();
            state.get(i).putAll(newState.get(i));
        }
    }

    private static int parseIndex(String key, String s, int limit) {
        int index;
        try {
            index = Integer.parseInt(s);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("loadStateDict: bad index in key '" + key + "'");
        }
        if (index < 0 || index >= limit) {
            throw new IllegalArgumentException("loadStateDict: key '" + key + "' refers to index " + index + " but there are only " + limit);
        }
        return index;
    }

    private static double scalar(String key, Tensor t) {
        if (t.numel() != 1) throw new IllegalArgumentException("loadStateDict: '" + key + "' must be a scalar, got shape " + t.shape());
        return t.item();
    }

    // ---- builder -------------------------------------------------------------------------------------------------

    /** Settings shared by every optimizer; subclasses add their own. */
    public abstract static class Builder<B extends Builder<B>> {
        final List<ParamGroup> groups = new ArrayList<>();
        double lr;
        double weightDecay;
        boolean decoupled;

        protected Builder(double defaultLr) { this.lr = defaultLr; }

        /** Adds a group of parameters that uses the default learning rate and weight decay. */
        public B params(List<Tensor> params) {
            groups.add(new ParamGroup(params));
            return self();
        }

        /** Adds a group with its own settings (unset ones take the defaults). */
        public B group(ParamGroup group) {
            groups.add(group);
            return self();
        }

        /** Default learning rate. */
        public B lr(double value) {
            lr = value;
            return self();
        }

        /** Default weight decay (an L2 term in the gradient unless decoupled). */
        public B weightDecay(double value) {
            weightDecay = value;
            return self();
        }

        /** Decay the parameters directly ({@code p *= 1 - lr * wd}) instead of adding {@code wd * p} to the gradient. */
        public B decoupledWeightDecay(boolean value) {
            decoupled = value;
            return self();
        }

        @SuppressWarnings("unchecked")
        protected B self() { return (B) this; }
    }
}
