/** jgrad nn: modules with named parameters, layers, losses, initializers, summaries and state dicts. */
module io.jgrad.nn {
    requires transitive io.jgrad.core;

    exports io.jgrad.nn;
    exports io.jgrad.nn.init;
}
