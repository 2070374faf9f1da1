package io.jgrad;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Deterministic release of tensor memory: while a scope is open on a thread, the storage of every tensor an op
 * creates on that thread belongs to it, and closing the scope closes those storages, except the ones kept. Device
 * memory is not garbage collected, so a training step or an inference batch runs in a scope:
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *     Tensor logits = model.forward(x);
 *     return s.keep(logits.argmax(1, false));   // everything else made in the block is released here
 * }
 * }</pre>
 * Scopes nest: a kept tensor moves to the enclosing scope (or, with none, to no scope: then only its own
 * {@code close} or the garbage collector releases it). What must outlive any step — parameters, buffers, optimizer
 * state, leaves' gradients — {@link #escape escapes} when it is registered, so it may be created inside a step. The
 * trainer ({@code Trainer.fit}) scopes each step, so everyday training never needs one. On the CPU closing is nearly
 * free, but a closed tensor is still unusable: using one raises an error, as it would fault on a GPU.
 *
 * <p>Closing hands each storage to its backend ({@link Backend#recycle}) before closing it: the CPU backend keeps the
 * large arrays it allocated itself for the next results of the same size, so that a scoped training step reuses the
 * last step's activations' memory instead of new arrays the JVM must zero (an array the caller supplied, as
 * {@link Tensor#wrap} holds, is never reused).
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final Thread owner;
    /** The storages this scope releases, each with the backend that holds it. */
    private final Map<Storage, Backend> owned = new IdentityHashMap<>();
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
        this.owner = Thread.currentThread();
    }

    /** Opens a scope on this thread, inside the current one if any. */
    public static Scope open() {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Records a storage created by an op on this thread (called by the tensor factories). */
    static void track(Storage storage, Backend backend) {
        Scope scope = CURRENT.get();
        if (scope != null) scope.owned.put(storage, backend);
    }

    /** Whether this scope itself (not an enclosing one) would release {@code t}'s storage when it closes. */
    public boolean owns(Tensor t) { return owned.containsKey(t.storage()); }

    /** Whether a scope open on this thread would release {@code t}'s storage. */
    public static boolean isTracked(Tensor t) {
        for (Scope s = CURRENT.get(); s != null; s = s.parent) if (s.owned.containsKey(t.storage())) return true;
        return false;
    }

    /**
     * Takes {@code t}'s storage out of every scope open on this thread, so that it lives on until closed explicitly
     * (or collected): for what outlives steps (parameters, optimizer state). Returns {@code t}.
     */
    public static <T extends Tensor> T escape(T t) {
        for (Scope s = CURRENT.get(); s != null; s = s.parent) s.owned.remove(t.storage());
        return t;
    }

    /** Keeps {@code t} when this scope closes: its storage moves to the enclosing scope, if any. Returns {@code t}. */
    public <T extends Tensor> T keep(T t) {
        checkOpen("keep");
        Backend backend = owned.remove(t.storage());
        if (backend != null && parent != null) parent.owned.put(t.storage(), backend);
        return t;
    }

    /** Closes every storage created in this scope and not kept, and makes the enclosing scope current again. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a scope must be closed on the thread that opened it (" + owner.getName() + ")");
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("scopes must be closed in the reverse order of opening: an inner scope is still open");
        }
        closed = true;
        CURRENT.set(parent);
        if (parent == null) CURRENT.remove();
        RuntimeException failure = null;
        for (Map.Entry<Storage, Backend> entry : owned.entrySet()) {
            Storage s = entry.getKey();
            try {
                entry.getValue().recycle(s);
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        owned.clear();
        if (failure != null) throw failure;
    }

    /** Number of storages this scope would release now (for tests and diagnostics). */
    public int size() { return owned.size(); }

    private void checkOpen(String what) {
        if (closed) throw new IllegalStateException(what + ": the scope is closed");
    }
}
