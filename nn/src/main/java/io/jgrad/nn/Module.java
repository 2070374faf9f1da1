package io.jgrad.nn;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Scope;
import io.jgrad.Tensor;
import io.jgrad.autograd.Grad;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Backends;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A piece of a model: registered parameters, buffers and submodules under stable names, and a forward pass. Names
 * are dotted paths through the submodules ({@code features.0.weight}), in registration order, as in PyTorch, so
 * state dicts interoperate with PyTorch's.
 *
 * <p>A simple layer overrides {@link #forward(Tensor)}: one tensor in, one out. A layer with several inputs or
 * outputs (attention: query, key, value and masks in, output and weights out; a recurrent layer: input and state in,
 * output and state out) declares them in its {@link #signature()} and overrides {@link #forward(Inputs)}, which reads
 * them by name; callers use {@link #call(Inputs)}. Every module can be called either way: a one-tensor layer called
 * with {@code Inputs} gets its one input, a several-input layer called with one tensor gets it as its first input
 * (and fails naming what it expected when more are required).
 *
 * <p>Containers call their children through {@link #call}, which is the forward pass plus the module's
 * {@linkplain #registerForwardHook forward hooks}.
 */
public abstract class Module {
    private static final ForwardHook[] NO_HOOKS = {};

    /** Whether a class overrides one of the two forward methods (without either they would call each other). */
    private static final ClassValue<Boolean> DEFINES_FORWARD = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != Module.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals("forward") && !m.isBridge() && m.getParameterCount() == 1
                            && (m.getParameterTypes()[0] == Tensor.class || m.getParameterTypes()[0] == Inputs.class)) return true;
                }
            }
            return false;
        }
    };

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private ForwardHook[] forwardHooks = NO_HOOKS; // copied on change, so a hook may remove itself while called

    protected Module() {
        if (!DEFINES_FORWARD.get(getClass())) {
            throw new IllegalStateException(getClass().getName() + " must override forward(Tensor) or forward(Inputs)");
        }
    }

    // ---- forward -------------------------------------------------------------------------------------------------

    /**
     * The forward pass of a one-tensor layer. The default, for modules that override {@link #forward(Inputs)}
     * instead, passes {@code input} as the first input and returns the only output.
     */
    public Tensor forward(Tensor input) {
        Signature s = signature();
        return forward(Inputs.of(input).bind(typeName(), s)).named(typeName(), s).single();
    }

    /**
     * The forward pass of a module with several inputs or outputs, on inputs bound to {@link #signature()}; the
     * outputs in the order of its output names. Runs through {@link #call(Inputs)}. The default, for modules that
     * override {@link #forward(Tensor)}, passes the first input to it.
     */
    protected Outputs forward(Inputs inputs) { return Outputs.of(forward(inputs.tensor(0))); }

    /** The inputs, options and outputs of {@link #forward(Inputs)}; {@link Signature#SINGLE} unless overridden. */
    public Signature signature() { return Signature.SINGLE; }

    /** {@link #forward(Tensor)}, then the forward hooks. */
    public final Tensor call(Tensor input) {
        Tensor out = forward(input);
        if (forwardHooks.length > 0) runHooks(Inputs.of(input).bind(typeName(), signature()), Outputs.of(out).named(typeName(), signature()));
        return out;
    }

    /**
     * {@link #forward(Inputs)} on {@code inputs} bound to {@link #signature()}, then the forward hooks. A call that
     * does not fit the signature (too many tensors, a missing or unknown name, an option of the wrong type) fails
     * naming this module and its signature.
     */
    public final Outputs call(Inputs inputs) {
        Signature s = signature();
        Inputs bound = inputs.bind(typeName(), s);
        Outputs out = forward(bound).named(typeName(), s);
        if (forwardHooks.length > 0) runHooks(bound, out);
        return out;
    }

    private void runHooks(Inputs inputs, Outputs outputs) {
        for (ForwardHook h : forwardHooks) h.afterForward(this, inputs, outputs);
    }

    /**
     * Adds a hook that {@link #call} runs after this module's forward pass; returns the handle that removes it. While
     * a module has hooks, containers run it unfused (see {@link ForwardHook}).
     */
    public final ForwardHook.Handle registerForwardHook(ForwardHook hook) {
        Objects.requireNonNull(hook, "hook");
        ForwardHook registered = (m, in, out) -> hook.afterForward(m, in, out); // a distinct entry per registration
        ForwardHook[] more = Arrays.copyOf(forwardHooks, forwardHooks.length + 1);
        more[forwardHooks.length] = registered;
        forwardHooks = more;
        return () -> {
            List<ForwardHook> rest = new ArrayList<>(Arrays.asList(forwardHooks));
            rest.removeIf(h -> h == registered);
            forwardHooks = rest.isEmpty() ? NO_HOOKS : rest.toArray(ForwardHook[]::new);
        };
    }

    /** Whether this module has forward hooks (containers then run it unfused). */
    public final boolean hasForwardHooks() { return forwardHooks.length > 0; }

    /** The class's simple name (its full name for an anonymous class), as messages name a module. */
    final String typeName() {
        String s = getClass().getSimpleName();
        return s.isEmpty() ? getClass().getName() : s;
    }

    // ---- registration --------------------------------------------------------------------------------------------

    /**
     * Registers (or replaces) a parameter: a leaf tensor that requires grad. A tensor computed by ops is detached
     * first. Returns the registered tensor.
     */
    @SuppressWarnings("unchecked")
    protected <T extends Tensor> T registerParameter(String name, Tensor t) {
        checkName(name, parameters);
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' must be floating point, not " + t.dtype());
        }
        Tensor leaf = Scope.escape(t.isLeaf() ? t : t.detach());
        leaf.requiresGrad(true);
        parameters.put(name, leaf);
        return (T) leaf;
    }

    /**
     * Makes {@code backend} (null: the current default) the default backend until the returned scope closes, so that a
     * layer's parameters and buffers, and whatever its initializers create, are made where they will live.
     */
    static Backends.Use creatingOn(Backend backend) {
        return Backends.use(backend == null ? Backends.defaultBackend() : backend);
    }

    /** Registers (or replaces) a buffer: state saved in the state dict but not trained (e.g. running statistics). */
    protected Tensor registerBuffer(String name, Tensor t) {
        checkName(name, buffers);
        Tensor b = Scope.escape(t.isLeaf() ? t : t.detach());
        buffers.put(name, b);
        return b;
    }

    /** Registers (or replaces) a submodule. Returns it. */
    protected <M extends Module> M registerModule(String name, M m) {
        checkName(name, children);
        if (m == this) throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot contain itself ('" + name + "')");
        children.put(name, m);
        return m;
    }

    /** This module's own parameter {@code name}, or null. Layers read parameters here, so {@link #to} can replace them. */
    protected Tensor parameter(String name) { return parameters.get(name); }

    /** This module's own buffer {@code name}, or null. */
    protected Tensor buffer(String name) { return buffers.get(name); }

    /** Removes a parameter (e.g. a bias switched off after construction). */
    protected void removeParameter(String name) { parameters.remove(name); }

    /** Removes a buffer (e.g. running statistics switched off after construction). */
    protected void removeBuffer(String name) { buffers.remove(name); }

    private void checkName(String name, Map<String, ?> owner) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        }
        boolean taken = (owner != parameters && parameters.containsKey(name))
                || (owner != buffers && buffers.containsKey(name))
                || (owner != children && children.containsKey(name));
        if (taken) throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already used by another kind of member");
    }

    // ---- traversal -----------------------------------------------------------------------------------------------

    /** This module's direct submodules by name. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /** This module under "" followed by every submodule under its dotted path, depth first in registration order. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        for (var e : m.children.entrySet()) collectModules(join(prefix, e.getKey()), e.getValue(), out, seen);
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    /** Every parameter under its dotted name; a parameter shared by two modules appears once, under its first name. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().parameters.entrySet()) {
                if (seen.add(p.getValue())) out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var b : m.getValue().buffers.entrySet()) out.put(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** This module's own parameters (not its submodules'), by local name. */
    public Map<String, Tensor> ownParameters() { return Collections.unmodifiableMap(parameters); }

    /** Number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    // ---- modes and gradients -------------------------------------------------------------------------------------

    /** Training mode for this module and every submodule (Dropout active). Returns this. */
    public Module train() { return setTraining(true); }

    /** Evaluation mode for this module and every submodule (Dropout is the identity). Returns this. */
    public Module eval() { return setTraining(false); }

    private Module setTraining(boolean mode) {
        for (Module m : namedModules().values()) m.training = mode;
        return this;
    }

    public boolean isTraining() { return training; }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /**
     * Converts every floating-point parameter and buffer to {@code dtype}, a floating-point type (parameters stay
     * trainable leaves). Integer and boolean buffers keep their type, as in PyTorch: a counter such as BatchNorm's
     * {@code num_batches_tracked} stays I64 and keeps counting exactly. Returns this.
     *
     * @throws IllegalArgumentException if {@code dtype} is not floating point
     */
    public Module to(DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(typeName() + ".to: a module converts to a floating-point dtype, not "
                    + dtype + " (its parameters must stay floating point)");
        }
        return convert(t -> t.dtype().isFloating() ? t.to(dtype) : t);
    }

    /** Moves every parameter and buffer to {@code device}. Returns this. */
    public Module to(Device device) { return convert(t -> t.to(device)); }

    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    private Module convert(java.util.function.UnaryOperator<Tensor> f) {
        try (var g = Grad.off()) {
            for (Module m : namedModules().values()) {
                for (var e : m.parameters.entrySet()) {
                    Tensor converted = f.apply(e.getValue().detach());
                    if (converted.storage() != e.getValue().storage()) e.setValue(Scope.escape(converted).requiresGrad(true));
                }
                for (var e : m.buffers.entrySet()) {
                    Tensor converted = f.apply(e.getValue());
                    if (converted != e.getValue()) e.setValue(Scope.escape(converted));
                }
            }
        }
        return this;
    }

    // ---- state dicts ---------------------------------------------------------------------------------------------

    /**
     * Parameters and buffers under dotted names (each module's own parameters, then its buffers, then its
     * submodules'). The values share storage with the model but are cut from the graph.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : liveState().entrySet()) out.put(e.getKey(), e.getValue().detach());
        return out;
    }

    private Map<String, Tensor> liveState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var m : namedModules().entrySet()) {
            for (var p : m.getValue().parameters.entrySet()) out.putIfAbsent(join(m.getKey(), p.getKey()), p.getValue());
            for (var b : m.getValue().buffers.entrySet()) out.putIfAbsent(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers (moving them to the module's device).
     * Shapes must match, and so must the kind of dtype: a floating-point value converts to the parameter's
     * floating-point dtype (an F64 state into an F32 model, as PyTorch's {@code copy_}) and an integer one to the
     * buffer's integer dtype, but an integer or boolean value never loads into a floating-point tensor, nor a
     * floating-point value into an integer or boolean one (such a state is from another model or misread). With
     * {@code strict}, the key sets must match too; otherwise missing keys keep their values and unexpected keys are
     * ignored. Layers sized lazily are first built from the state's shapes ({@link #buildFrom}). Nothing is copied
     * when the state is rejected. The exception lists every missing, unexpected and mismatched name, with both shapes
     * or both dtypes.
     */
    @SuppressWarnings("try") // the scope restores grad mode on close; it is not read
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        buildFrom(state);
        Map<String, Tensor> own = liveState();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> wrongDtype = new ArrayList<>();
        for (var e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) missing.add(e.getKey());
            else if (!given.shape().equals(e.getValue().shape())) {
                mismatched.add(e.getKey() + ": model has " + e.getValue().shape() + ", state has " + given.shape());
            } else if (dtypeKind(given.dtype()) != dtypeKind(e.getValue().dtype())) {
                wrongDtype.add(e.getKey() + ": model has " + e.getValue().dtype() + ", state has " + given.dtype());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        boolean keysDiffer = !missing.isEmpty() || !unexpected.isEmpty();
        if (!mismatched.isEmpty() || !wrongDtype.isEmpty() || (strict && keysDiffer)) {
            StringBuilder msg = new StringBuilder("loadStateDict into " + getClass().getSimpleName() + " failed:");
            if (!missing.isEmpty()) msg.append(" missing keys ").append(missing).append(';');
            if (!unexpected.isEmpty()) msg.append(" unexpected keys ").append(unexpected).append(';');
            if (!mismatched.isEmpty()) msg.append(" shape mismatches ").append(mismatched).append(';');
            if (!wrongDtype.isEmpty()) msg.append(" dtype mismatches ").append(wrongDtype).append(';');
            msg.setLength(msg.length() - 1);
            throw new IllegalArgumentException(msg.toString());
        }
        try (var g = Grad.off()) {
            for (var e : own.entrySet()) {
                Tensor given = state.get(e.getKey());
                if (given == null) continue;
                Tensor target = e.getValue();
                target.copyFrom(given.detach().to(target.backend()).to(target.dtype()));
            }
        }
    }

    /** 0 floating point, 1 integer, 2 boolean: values convert within a kind on load, never across kinds. */
    private static int dtypeKind(DType dtype) {
        return dtype.isFloating() ? 0 : dtype == DType.BOOL ? 2 : 1;
    }

    /**
     * Creates the parameters of layers sized lazily ({@code Dense.of(n)} before its first input) from the shapes of
     * their tensors in {@code state} (dotted names, as {@link #stateDict()}), as {@link #loadStateDict} does before
     * it copies, so that the state's keys can be matched; layers already built, and layers {@code state} has no
     * tensors for, are left as they are. Returns this.
     */
    public Module buildFrom(Map<String, Tensor> state) {
        for (var m : namedModules().entrySet()) {
            m.getValue().materialize(m.getKey().isEmpty() ? "" : m.getKey() + ".", state);
        }
        return this;
    }

    /**
     * Called on every module before a state dict is loaded, with the module's key prefix ({@code "features.0."});
     * layers whose parameters are created lazily create them here from the shapes in {@code state}.
     */
    protected void materialize(String prefix, Map<String, Tensor> state) {}

    // ---- description ---------------------------------------------------------------------------------------------

    /**
     * A Keras-style table: every layer with its output shape and parameter count, and the totals. Runs one forward
     * pass (in eval mode, without recording a graph) on zeros of {@code inputShape}, which excludes the batch
     * dimension; this also creates lazily sized parameters.
     */
    public String summary(int... inputShape) { return Summary.of(this, List.of(Shape.of(inputShape))); }

    /** {@link #summary(int...)} for a module with several inputs: one shape per input, without the batch dimension. */
    public String summary(Shape first, Shape... more) { return Summary.of(this, shapes(first, more)); }

    /**
     * Creates the parameters of layers that size themselves from their first input (such as {@code Dense.of(n)}),
     * as Keras' {@code build}: one forward pass on zeros of shape [1, inputShape...] without a graph. Call it before
     * handing {@link #parameters()} to an optimizer. Returns this.
     */
    public Module build(int... inputShape) {
        Summary.dryRun(this, List.of(Shape.of(inputShape)));
        return this;
    }

    /** {@link #build(int...)} for a module with several inputs: one shape per input, without the batch dimension. */
    public Module build(Shape first, Shape... more) {
        Summary.dryRun(this, shapes(first, more));
        return this;
    }

    private static List<Shape> shapes(Shape first, Shape... more) {
        List<Shape> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first, "input shape"));
        for (Shape s : more) all.add(Objects.requireNonNull(s, "input shape"));
        return all;
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "()"; }
}
