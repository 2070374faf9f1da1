package io.jgrad.nn;

import io.jgrad.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a module returns from {@link Module#call(Inputs)}: one or more tensors, named by the module's
 * {@link Signature} ({@code output} and {@code weights} for attention; {@code output}, {@code h}, {@code c} for an
 * LSTM). An optional output the module did not compute (attention weights without {@code needWeights}) is absent:
 * {@link #get} fails naming it, {@link #getOrNull} returns null.
 */
public final class Outputs {
    private final List<Tensor> values;
    private final List<String> names; // null until a module's call names them
    private final String owner;

    private Outputs(List<Tensor> values, List<String> names, String owner) {
        this.values = values;
        this.names = names;
        this.owner = owner;
    }

    /** The outputs in the order of the signature's output names (null for an absent optional output). */
    public static Outputs of(Tensor... values) {
        if (values.length == 0) throw new IllegalArgumentException("Outputs.of: at least one output");
        return new Outputs(Collections.unmodifiableList(Arrays.asList(values.clone())), null, null);
    }

    /** The outputs in the order of the signature's output names. */
    public static Outputs of(List<Tensor> values) { return of(values.toArray(Tensor[]::new)); }

    /** These values under {@code signature}'s output names; fails naming {@code owner} when the counts differ. */
    Outputs named(String owner, Signature signature) {
        List<String> declared = signature.outputNames();
        if (declared.size() != values.size()) {
            throw new IllegalStateException(owner + ": forward returned " + values.size() + " output" + (values.size() == 1 ? "" : "s")
                    + ", but its signature declares " + declared.size() + " " + declared);
        }
        return new Outputs(values, declared, owner);
    }

    public int size() { return values.size(); }

    /** The names from the module's signature (empty before a module's call has named them). */
    public List<String> names() { return names == null ? List.of() : names; }

    /** Output {@code index}. */
    public Tensor get(int index) {
        if (index < 0 || index >= values.size()) {
            throw new IndexOutOfBoundsException(owner() + ": output " + index + " requested, but there are " + values.size() + " " + names());
        }
        Tensor t = values.get(index);
        if (t == null) throw new IllegalStateException(owner() + ": output " + describe(index) + " was not computed");
        return t;
    }

    /** The output called {@code name} in the module's signature. */
    public Tensor get(String name) { return get(indexOf(name)); }

    /** Output {@code name}, or null when the module did not compute it. */
    public Tensor getOrNull(String name) { return values.get(indexOf(name)); }

    /** The only output; fails naming the outputs when there are several. */
    public Tensor single() {
        if (values.size() != 1) {
            throw new IllegalStateException(owner() + " returns " + values.size() + " outputs " + names()
                    + " where one tensor is expected; call it with call(Inputs) and pick one");
        }
        return get(0);
    }

    /** Every output in order (null for absent ones). */
    public List<Tensor> list() { return values; }

    private int indexOf(String name) {
        int i = names().indexOf(name);
        if (i < 0) throw new IllegalArgumentException(owner() + ": no output named '" + name + "'; outputs are " + names());
        return i;
    }

    private String describe(int index) { return names == null ? String.valueOf(index) : "'" + names.get(index) + "'"; }

    private String owner() { return owner == null ? "Outputs" : owner; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Outputs(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(", ");
            if (names != null) sb.append(names.get(i)).append('=');
            sb.append(values.get(i) == null ? "absent" : values.get(i).shape());
        }
        return sb.append(')').toString();
    }
}
