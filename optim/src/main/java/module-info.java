/** jgrad optim: optimizers, learning-rate schedules, regularizers and gradient clipping (needs core only). */
module io.jgrad.optim {
    requires transitive io.jgrad.core;

    exports io.jgrad.optim;
}
