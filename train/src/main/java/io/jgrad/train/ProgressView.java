package io.jgrad.train;

import java.util.OptionalDouble;

/** How {@link Progress#bar} draws an epoch's bar: the library's rich bar when it is present, else {@link PlainBar}. */
interface ProgressView {
    void begin(String task, int batches);

    /** Redraws after {@code done} batches; {@code message} is the running loss and speed. */
    void update(int done, String message, OptionalDouble secondsLeft);

    /** Clears the bar (the caller prints the epoch's summary line next). */
    void end();
}
