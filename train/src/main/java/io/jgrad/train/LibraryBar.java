package io.jgrad.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rich terminal bar of the optional {@code me.tongfei:progressbar} library (loaded only when it is on the class or
 * module path; see {@link Progress#bar}), with jgrad's settled ETA instead of the library's linear one.
 */
final class LibraryBar implements ProgressView {
    private final PrintStream out;
    private ProgressBar bar;
    private volatile OptionalDouble secondsLeft = OptionalDouble.empty();

    LibraryBar(PrintStream out) { this.out = out; }

    @Override
    public void begin(String task, int batches) {
        secondsLeft = OptionalDouble.empty();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setEtaFunction(state -> eta())
                .setConsumer(new ConsoleProgressBarConsumer(out)).clearDisplayOnFinish().build();
    }

    private Optional<Duration> eta() {
        OptionalDouble left = secondsLeft;
        return left.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(left.getAsDouble() * 1000)));
    }

    @Override
    public void update(int done, String message, OptionalDouble secondsLeft) {
        this.secondsLeft = secondsLeft;
        bar.setExtraMessage(" " + message);
        bar.stepTo(done);
    }

    @Override
    public void end() {
        if (bar != null) bar.close();
        bar = null;
    }
}
