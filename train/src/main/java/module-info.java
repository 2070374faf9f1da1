/** jgrad training toolkit: datasets and file readers, loaders, preprocessing, trainer and callbacks, metrics. */
module io.jgrad.train {
    requires transitive io.jgrad.core;
    requires transitive io.jgrad.nn;
    requires transitive io.jgrad.optim;
    requires java.net.http;
    requires java.desktop;
    requires org.jfree.jfreechart;
    requires me.tongfei.progressbar;

    exports io.jgrad.data;
    exports io.jgrad.data.augment;
    exports io.jgrad.metrics;
    exports io.jgrad.train;
}
