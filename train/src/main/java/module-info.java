/** jgrad training toolkit: datasets and file readers, loaders, trainer, metrics. */
module io.jgrad.train {
    requires transitive io.jgrad.core;

    exports io.jgrad.data;
}
