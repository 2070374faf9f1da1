package io.jgrad.nn;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of the {@link Architecture} registry: how a layer class is described in an architecture JSON and rebuilt
 * from it. {@code describe} gives the layer's settings (JSON values: numbers, strings, booleans, lists, maps; nested
 * layers as {@link Architecture#describe} gives them) without the {@code "type"} key; {@code build} makes a new layer
 * from them. The rebuilt layer must have the same parameters and buffers (names and shapes) as the described one and
 * compute the same function once they are loaded.
 *
 * @param name     the {@code "type"} written to the JSON, e.g. {@code "Dense"}
 * @param type     the layer class (exactly: a subclass needs an entry of its own)
 * @param describe the settings of one layer
 * @param build    a new layer from its settings
 */
public record LayerType<M extends Module>(String name, Class<M> type, Function<M, Map<String, Object>> describe,
                                          Function<LayerConfig, M> build) {
    /** Checks that nothing is null and the name is not blank. */
    public LayerType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(build, "build");
        if (name.isBlank()) throw new IllegalArgumentException("LayerType: the name is blank");
    }

    /** The settings of {@code layer}, which must be of this type's class. */
    Map<String, Object> settingsOf(Module layer) { return describe.apply(type.cast(layer)); }
}
