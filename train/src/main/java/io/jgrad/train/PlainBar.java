package io.jgrad.train;

import java.io.PrintStream;
import java.util.OptionalDouble;

/**
 * A one-line progress bar redrawn in place with a carriage return, made of plain characters and fitted to the terminal's
 * width (the {@code COLUMNS} variable, else 80, never under 60): {@code epoch 2/5 [######....] 120/235 loss 0.4123,
 * 12,345 samples/s ETA 0:05}. The message is cut before the bar shrinks below ten cells.
 */
final class PlainBar implements ProgressView {
    static final int MIN_WIDTH = 60;
    private static final int MIN_CELLS = 10;

    private final PrintStream out;
    private final int width;
    private String task = "";
    private int batches;
    private int drawn;

    PlainBar(PrintStream out, int width) {
        this.out = out;
        this.width = Math.max(MIN_WIDTH, width);
    }

    /** The terminal's width from {@code COLUMNS} (set by most shells), else 80. */
    static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 80 : Integer.parseInt(columns.trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    @Override
    public void begin(String task, int batches) {
        this.task = task;
        this.batches = batches;
        this.drawn = 0;
    }

    @Override
    public void update(int done, String message, OptionalDouble secondsLeft) {
        String line = render(done, message, secondsLeft);
        // Pad over the previous line's tail; the width never exceeds the terminal's, so nothing wraps.
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    /** One line of at most {@code width - 1} characters (the last column is left free: some terminals wrap there). */
    String render(int done, String message, OptionalDouble secondsLeft) {
        String counts = " " + done + "/" + batches;
        String eta = " ETA " + EtaEstimate.format(secondsLeft);
        int room = width - 1 - task.length() - 3 - counts.length() - eta.length(); // 3: " [" and "]"
        String text = message.isEmpty() ? "" : " " + message;
        if (room - text.length() < MIN_CELLS) {
            int keep = Math.max(0, room - MIN_CELLS);
            text = text.length() <= keep ? text : keep < 4 ? "" : text.substring(0, keep - 3) + "...";
        }
        int cells = Math.max(MIN_CELLS, room - text.length());
        int filled = batches <= 0 ? 0 : (int) ((long) cells * Math.min(done, batches) / batches);
        return task + " [" + "#".repeat(filled) + ".".repeat(cells - filled) + "]" + counts + text + eta;
    }

    @Override
    public void end() {
        out.print("\r" + " ".repeat(drawn) + "\r");
        out.flush();
        drawn = 0;
    }
}
