package io.jgrad.nn;

import io.jgrad.io.Json;
import io.jgrad.io.JsonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's architecture as a small JSON description of its module tree, and the one registry that rebuilds a module
 * from it, so a saved model can be used without the code that trained it. Each layer is an object with its
 * {@code "type"} and its settings, containers hold their layers:
 * <pre>{@code {"type":"Sequential","layers":[{"type":"Dense","in":784,"units":10,"bias":true},{"type":"ReLU"}]}}</pre>
 * Every layer of jgrad's nn package that has settings only (no code of the user's) is registered; others are added
 * with {@link #register(LayerType)}. A model holding a layer whose class has no entry cannot be described
 * ({@link #unsupportedLayer}), but its weights can still be saved and loaded into a model its user builds.
 * The rebuilt model has freshly initialized parameters: load the weights into it.
 */
public final class Architecture {
    private static final Map<String, LayerType<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, LayerType<?>> BY_CLASS = new LinkedHashMap<>();

    static {
        BuiltinLayerTypes.all().forEach(Architecture::register);
    }

    private Architecture() {}

    /**
     * Adds a layer type (e.g. a user's own layer) to the registry.
     *
     * @throws IllegalArgumentException if its name or class is registered already
     */
    public static synchronized void register(LayerType<?> type) {
        if (BY_NAME.containsKey(type.name())) {
            throw new IllegalArgumentException("Architecture: a layer type named '" + type.name()
                    + "' is registered already");
        }
        if (BY_CLASS.containsKey(type.type())) {
            throw new IllegalArgumentException("Architecture: " + type.type().getName() + " is registered already as '"
                    + BY_CLASS.get(type.type()).name() + "'");
        }
        BY_NAME.put(type.name(), type);
        BY_CLASS.put(type.type(), type);
    }

    /** The registered type names, in registration order. */
    public static synchronized List<String> typeNames() { return List.copyOf(BY_NAME.keySet()); }

    /** The class name of the first module in {@code model}'s tree (itself included) that has no entry, if any. */
    public static Optional<String> unsupportedLayer(Module model) {
        for (Module m : modules(model)) {
            if (typeOf(m) == null) return Optional.of(m.getClass().getName());
        }
        return Optional.empty();
    }

    /** The tree of modules the description covers: registered modules' children are rebuilt by their parents. */
    private static List<Module> modules(Module model) {
        List<Module> out = new ArrayList<>();
        out.add(model);
        if (model instanceof Sequential s) for (Module child : s.layers()) out.addAll(modules(child));
        return out;
    }

    /**
     * The architecture of {@code model} as compact JSON.
     *
     * @throws IllegalArgumentException if a layer's class is not registered, naming it
     */
    public static String toJson(Module model) { return Json.write(describe(model)); }

    /** The description of one module: its {@code "type"} and its settings (nested layers described the same way). */
    public static Map<String, Object> describe(Module layer) {
        LayerType<?> type = typeOf(layer);
        if (type == null) {
            throw new IllegalArgumentException("Architecture: " + layer.getClass().getName() + " has no registered"
                    + " layer type (register one with Architecture.register, or save the weights alone)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type.name());
        out.putAll(type.settingsOf(layer));
        return out;
    }

    /**
     * A new model built from the JSON {@link #toJson} wrote.
     *
     * @param source what the JSON came from (a file name), for the messages
     * @throws IllegalArgumentException if the JSON is invalid or names an unknown layer type or bad settings; the
     *                                  message names {@code source}, the layer's place in the tree and the type
     */
    public static Module fromJson(String json, String source) {
        try {
            return build(Json.parse(json), source, "model");
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": the architecture is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A module from one parsed layer description at {@code path} ({@code model.layers[2]}). */
    static Module build(Object node, String source, String path) {
        if (!(node instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException(source + ": architecture " + path
                    + " must be an object with a \"type\"");
        }
        if (!(values.get("type") instanceof String name)) {
            throw new IllegalArgumentException(source + ": architecture " + path + " has no \"type\" string");
        }
        LayerType<?> type;
        synchronized (Architecture.class) {
            type = BY_NAME.get(name);
        }
        if (type == null) {
            throw new IllegalArgumentException(source + ": unknown layer type '" + Json.printable(name) + "' at " + path
                    + " (known: " + String.join(", ", typeNames()) + "; a layer of your own needs Architecture.register"
                    + " before loading)");
        }
        try {
            return type.build().apply(new LayerConfig(name, values, source, path));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) throw e; // named already
            throw new IllegalArgumentException(source + ": architecture " + path + " (" + name + "): "
                    + e.getMessage(), e);
        }
    }

    private static synchronized LayerType<?> typeOf(Module m) { return BY_CLASS.get(m.getClass()); }
}
