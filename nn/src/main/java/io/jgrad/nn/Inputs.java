package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a module is called with, as PyTorch's {@code forward(*args, **kwargs)}: tensors by position, and
 * tensors or options by name.
 * <pre>{@code
 * Outputs out = attention.call(Inputs.of(query, key, value).with("attnMask", mask).with("needWeights", false));
 * }</pre>
 * {@link Module#call(Inputs)} binds them to the module's {@link Signature}; the module's {@code forward(Inputs)} then
 * reads every input and option by its declared name, whichever way the caller gave it.
 */
public final class Inputs {
    private final List<Tensor> positional;
    private final Map<String, Object> named;
    private final Signature signature; // non-null once bound
    private final String owner;        // the bound module's name, for messages

    private Inputs(List<Tensor> positional, Map<String, Object> named, Signature signature, String owner) {
        this.positional = positional;
        this.named = named;
        this.signature = signature;
        this.owner = owner;
    }

    /** Tensors by position (a null one is an absent optional input). */
    public static Inputs of(Tensor... tensors) { return of(Arrays.asList(tensors)); }

    /** Tensors by position (a null one is an absent optional input). */
    public static Inputs of(List<Tensor> tensors) {
        return new Inputs(Collections.unmodifiableList(new ArrayList<>(tensors)), Map.of(), null, null);
    }

    /** These inputs plus a tensor input or an option given by name (a {@code Boolean}, {@code Integer}, ...). */
    public Inputs with(String name, Object value) {
        if (signature != null) throw new IllegalStateException(owner + ": bound inputs cannot be extended");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Inputs.with: empty name");
        if (named.containsKey(name)) throw new IllegalArgumentException("Inputs.with: '" + name + "' is given twice");
        Map<String, Object> more = new LinkedHashMap<>(named);
        more.put(name, value);
        return new Inputs(positional, Collections.unmodifiableMap(more), null, null);
    }

    /** Binds to {@code signature} for the module named {@code owner} (see {@link Signature}); fails naming it. */
    Inputs bind(String owner, Signature signature) {
        return new Inputs(List.of(), signature.bind(owner, positional, named, Tensor.class), signature, owner);
    }


    /** The signature these inputs are bound to, or null before a module's {@code call} has bound them. */
    public Signature signature() { return signature; }

    /** The required or present input {@code name}. */
    public Tensor tensor(String name) {
        Tensor t = tensorOrNull(name);
        if (t == null) throw new IllegalArgumentException(owner() + ": input '" + name + "' was not given");
        return t;
    }

    /** The {@code index}-th declared input (bound inputs) or positional tensor (unbound ones). */
    public Tensor tensor(int index) {
        if (signature == null) {
            if (index < 0 || index >= positional.size()) {
                throw new IndexOutOfBoundsException("input " + index + " requested, but " + positional.size() + " were given by position");
            }
            return positional.get(index);
        }
        List<String> names = signature.inputNames();
        if (index < 0 || index >= names.size()) {
            throw new IndexOutOfBoundsException(owner + ": input " + index + " requested, but it declares " + names.size() + " " + signature);
        }
        return tensor(names.get(index));
    }

    /** The optional input {@code name}, or null when it was not given. */
    public Tensor tensorOrNull(String name) {
        if (signature != null && !signature.inputNames().contains(name)) {
            throw new IllegalArgumentException(owner + ": reads input '" + name + "', which its signature does not declare " + signature);
        }
        if (signature == null && !positional.isEmpty()) {
            throw new IllegalStateException("inputs given by position are read by name only once a module's call has bound them");
        }
        Object v = named.get(name);
        if (v != null && !(v instanceof Tensor)) throw new IllegalArgumentException(owner() + ": '" + name + "' is not a tensor: " + v);
        return (Tensor) v;
    }

    /** The value of option {@code name} (its default when the caller did not give it). */
    public <T> T option(String name, Class<T> type) {
        if (signature != null) {
            Class<?> declared = signature.optionType(name);
            if (declared == null) throw new IllegalArgumentException(owner + ": reads option '" + name + "', which its signature does not declare " + signature);
            if (!type.isAssignableFrom(declared)) {
                throw new IllegalArgumentException(owner + ": option '" + name + "' is a " + declared.getSimpleName() + ", not a " + type.getSimpleName());
            }
        }
        Object v = named.get(name);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalArgumentException(owner() + ": option '" + name + "' must be a " + type.getSimpleName() + ", got " + v);
        }
        return type.cast(v);
    }

    /** The tensors given by position (unbound inputs), or every present input in declared order (bound ones). */
    public List<Tensor> tensors() {
        if (signature == null) return positional;
        List<Tensor> out = new ArrayList<>();
        for (String n : signature.inputNames()) if (named.get(n) != null) out.add((Tensor) named.get(n));
        return Collections.unmodifiableList(out);
    }

    private String owner() { return owner == null ? "Inputs" : owner; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Inputs(");
        for (Tensor t : positional) sb.append(sb.length() > 7 ? ", " : "").append(t == null ? "null" : t.shape());
        named.forEach((k, v) -> sb.append(sb.length() > 7 ? ", " : "").append(k).append('=').append(v instanceof Tensor t ? t.shape() : v));
        return sb.append(')').toString();
    }
}
