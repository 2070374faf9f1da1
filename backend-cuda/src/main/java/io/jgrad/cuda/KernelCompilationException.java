package io.jgrad.cuda;

/** NVRTC rejected a kernel source; the message carries NVRTC's log. */
public final class KernelCompilationException extends RuntimeException {
    private final String log;

    public KernelCompilationException(String source, String options, String log) {
        super("NVRTC could not compile " + source + " (" + options + "):\n" + log);
        this.log = log;
    }

    /** NVRTC's compilation log. */
    public String log() { return log; }
}
