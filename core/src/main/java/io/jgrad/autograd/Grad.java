package io.jgrad.autograd;

/**
 * Whether ops record the graph for backward, per thread. {@code try (var g = Grad.off()) { ... }} runs inference or
 * parameter updates without building a graph; the previous mode comes back when the scope closes.
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Turns recording off until the returned scope is closed. */
    public static Scope off() { return set(false); }

    /** Turns recording on until the returned scope is closed (inside an {@link #off()} scope). */
    public static Scope on() { return set(true); }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** Restores the previous grad mode on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
