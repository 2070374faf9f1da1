/**
 * jgrad selector: the four-step method (analyse the task and data, pre-screen architectures under a budget, test and
 * compare them on the user's data, tune the best) as a library.
 */
module io.jgrad.select {
    requires transitive io.jgrad.core;
    requires transitive io.jgrad.nn;
    requires transitive io.jgrad.optim;
    requires transitive io.jgrad.train;
    // Optional: reading a folder of PNG/JPEG images (tables, text and IDX images work without it).
    requires static java.desktop;

    exports io.jgrad.select;
    exports io.jgrad.select.search;
    exports io.jgrad.select.candidates;
    exports io.jgrad.select.compare;
    exports io.jgrad.select.report;
    exports io.jgrad.select.analyse;
}
