/** jgrad training toolkit: datasets and file readers, loaders, preprocessing, trainer and callbacks, metrics. */
module io.jgrad.train {
    requires transitive io.jgrad.core;
    requires transitive io.jgrad.nn;
    requires transitive io.jgrad.optim;
    requires java.net.http;
    // Optional: the PNG training curves and the rich terminal bar (training works and prints a plain bar without them).
    requires static java.desktop;
    requires static org.jfree.jfreechart;
    requires static me.tongfei.progressbar;

    exports io.jgrad.data;
    exports io.jgrad.data.augment;
    exports io.jgrad.data.text;
    exports io.jgrad.decode;
    exports io.jgrad.metrics;
    exports io.jgrad.train;
}
