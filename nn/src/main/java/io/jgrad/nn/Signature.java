package io.jgrad.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a module takes and returns: named tensor inputs (the first ones required, the rest optional), typed options
 * with defaults, and named outputs. {@link Module#call(Inputs)} binds a caller's {@link Inputs} to it, so a module
 * reads its inputs by name, and a wrong call fails naming the module and what it expected. A simple layer has
 * {@link #SINGLE}: one input, one output. For example
 * <pre>{@code
 * Signature.of("query", "key", "value").optional("keyPaddingMask", "attnMask")
 *          .option("needWeights", Boolean.class, true).outputs("output", "weights")
 * }</pre>
 */
public final class Signature {
    /** One tensor in ({@code input}), one out ({@code output}): every layer that overrides {@code forward(Tensor)}. */
    public static final Signature SINGLE = of("input");

    /** An option's type and the value it has when the caller does not give it. */
    private record Option(Class<?> type, Object defaultValue) {}

    private final List<String> inputs;
    private final int required;
    private final Map<String, Option> options;
    private final List<String> outputs;

    private Signature(List<String> inputs, int required, Map<String, Option> options, List<String> outputs) {
        this.inputs = inputs;
        this.required = required;
        this.options = options;
        this.outputs = outputs;
    }

    /** Required tensor inputs, in positional order, and one output named {@code output}. */
    public static Signature of(String... requiredInputs) {
        List<String> names = names("input", List.of(), requiredInputs);
        return new Signature(names, names.size(), Map.of(), List.of("output"));
    }

    /** This signature with optional tensor inputs after the ones declared so far. */
    public Signature optional(String... optionalInputs) {
        return new Signature(names("input", inputs, optionalInputs), required, options, outputs);
    }

    /** This signature with an option of {@code type} that is {@code defaultValue} when not given. */
    public <T> Signature option(String name, Class<T> type, T defaultValue) {
        Objects.requireNonNull(type, "type");
        names("option", List.of(), name);
        if (inputs.contains(name) || options.containsKey(name)) throw new IllegalArgumentException("Signature: '" + name + "' is declared twice");
        Map<String, Option> more = new LinkedHashMap<>(options);
        more.put(name, new Option(type, defaultValue));
        return new Signature(inputs, required, Collections.unmodifiableMap(more), outputs);
    }

    /** This signature with these outputs (instead of the single {@code output}). */
    public Signature outputs(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("Signature: at least one output");
        return new Signature(inputs, required, options, names("output", List.of(), names));
    }

    private static List<String> names(String kind, List<String> before, String... added) {
        List<String> all = new ArrayList<>(before);
        for (String n : added) {
            if (n == null || n.isEmpty()) throw new IllegalArgumentException("Signature: an empty " + kind + " name");
            if (all.contains(n)) throw new IllegalArgumentException("Signature: " + kind + " '" + n + "' is declared twice");
            all.add(n);
        }
        return List.copyOf(all);
    }

    /** The tensor inputs in positional order; the first {@link #requiredInputs()} are required. */
    public List<String> inputNames() { return inputs; }

    public int requiredInputs() { return required; }

    public List<String> optionNames() { return List.copyOf(options.keySet()); }

    public List<String> outputNames() { return outputs; }

    /** Whether this is one tensor in and one out, whatever the names. */
    public boolean isSingle() { return inputs.size() == 1 && required == 1 && options.isEmpty() && outputs.size() == 1; }

    /**
     * Places the caller's values: positional values fill the inputs in order, named values fill inputs or options,
     * options not given get their defaults. A null input is an absent one. Returns the value of every given input
     * and every option, by name. {@code valueType} is what an input must be (a {@code Tensor} when a module is called;
     * a graph node while a {@link Graph} is built).
     *
     * @throws IllegalArgumentException naming {@code owner} for too many values, a missing required input, an
     *                                  unknown name, a name given twice or a value of the wrong type
     */
    <T> Map<String, Object> bind(String owner, List<? extends T> positional, Map<String, ?> named, Class<T> valueType) {
        if (positional.size() > inputs.size()) {
            throw error(owner, "takes " + (required == inputs.size() ? "" : "at most ") + count(inputs.size(), "input")
                    + ", got " + positional.size());
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            if (positional.get(i) != null) bound.put(inputs.get(i), positional.get(i));
        }
        named.forEach((name, value) -> {
            Option option = options.get(name);
            if (option != null) {
                if (value != null && !option.type().isInstance(value)) {
                    throw error(owner, "option '" + name + "' must be a " + option.type().getSimpleName() + ", got "
                            + value.getClass().getSimpleName() + " (" + value + ")");
                }
                bound.put(name, value);
                return;
            }
            int index = inputs.indexOf(name);
            if (index < 0) throw error(owner, "has no input or option named '" + name + "'");
            if (index < positional.size() && positional.get(index) != null) {
                throw error(owner, "input '" + name + "' is given both by position and by name");
            }
            if (value != null && !valueType.isInstance(value)) {
                throw error(owner, "input '" + name + "' must be a " + valueType.getSimpleName() + ", got " + value.getClass().getSimpleName());
            }
            if (value != null) bound.put(name, value);
        });
        for (int i = 0; i < required; i++) {
            if (!bound.containsKey(inputs.get(i))) throw error(owner, "missing input '" + inputs.get(i) + "'");
        }
        options.forEach((name, option) -> {
            if (!bound.containsKey(name) || bound.get(name) == null) bound.put(name, option.defaultValue());
        });
        return bound;
    }

    /** The declared type of option {@code name}, or null when there is no such option. */
    Class<?> optionType(String name) {
        Option o = options.get(name);
        return o == null ? null : o.type();
    }

    private IllegalArgumentException error(String owner, String what) {
        return new IllegalArgumentException(owner + ": " + what + "; expects " + this);
    }

    private static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    /** {@code (query, key, value, [keyPaddingMask], [attnMask], needWeights: Boolean) -> (output, weights)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(i < required ? inputs.get(i) : "[" + inputs.get(i) + "]");
        }
        options.forEach((name, o) -> sb.append(sb.length() > 1 ? ", " : "").append(name).append(": ").append(o.type().getSimpleName()));
        return sb.append(") -> (").append(String.join(", ", outputs)).append(')').toString();
    }
}
