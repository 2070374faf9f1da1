package io.jgrad.testing;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * A stand-in for a device that counts, per thread, the SPI calls that cost a host round trip there, and the storages
 * still open: another backend's primitives behind a backend that claims {@code device} (so code that reads a scalar
 * at once on the CPU, such as the trainer's loss, takes its device path). Counted on the calling thread:
 * <ul>
 *   <li>{@code download}: a synchronous device-to-host copy, which waits for everything queued on the device;</li>
 *   <li>{@code indexSelect}, {@code gather}, {@code scatterAdd}: the CUDA backend checks index values with a
 *       synchronous 8-byte read in each (see its {@code IndexOps}), so on it each is a read too;</li>
 *   <li>{@code upload}: a host-to-device copy.</li>
 * </ul>
 * Each is counted apart when it happens inside an SPI default method (a fused op the wrapped backend leaves to the
 * SPI, such as the composed convolution's constant tables), which runs through this wrapper so that its primitives
 * are seen; a fused op the wrapped backend overrides is delegated to it whole. Every device storage any call returns
 * is recorded, for {@link #openStorages()}.
 */
public final class HostTrafficBackend {
    /** What one thread did: downloads, index ops and uploads, each made directly or from inside an SPI default. */
    public record Counts(long downloads, long indexOps, long uploads, long downloadsInDefaults, long indexOpsInDefaults,
                         long uploadsInDefaults) {
        /** Calls that wait for the device on CUDA: downloads and index ops, direct or in defaults. */
        public long reads() { return downloads + indexOps + downloadsInDefaults + indexOpsInDefaults; }

        /** The counts since {@code before}. */
        public Counts minus(Counts before) {
            return new Counts(downloads - before.downloads, indexOps - before.indexOps, uploads - before.uploads,
                    downloadsInDefaults - before.downloadsInDefaults, indexOpsInDefaults - before.indexOpsInDefaults,
                    uploadsInDefaults - before.uploadsInDefaults);
        }
    }

    private static final int DOWNLOAD = 0, INDEX = 1, UPLOAD = 2, IN_DEFAULT = 3;
    private static final Set<String> INDEX_OPS = Set.of("indexSelect", "gather", "scatterAdd");

    private final Backend primitives;
    private final Device device;
    private final Predicate<Storage> isClosed;
    private final Map<Thread, AtomicLongArray> counts = new ConcurrentHashMap<>();
    private final Set<Storage> handedOut = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final ThreadLocal<int[]> defaultDepth = ThreadLocal.withInitial(() -> new int[1]);
    private final Backend backend;

    private HostTrafficBackend(Backend primitives, Device device, Predicate<Storage> isClosed) {
        this.primitives = primitives;
        this.device = device;
        this.isClosed = isClosed;
        this.backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                this::invoke);
    }

    /**
     * Counts what is done on {@code primitives}, posing as {@code device}; {@code isClosed} tells whether one of its
     * storages was closed.
     */
    public static HostTrafficBackend over(Backend primitives, Device device, Predicate<Storage> isClosed) {
        return new HostTrafficBackend(primitives, device, isClosed);
    }

    /** The counting backend. */
    public Backend backend() { return backend; }

    /** What {@code thread} has done so far. */
    public Counts on(Thread thread) {
        AtomicLongArray c = counts.get(thread);
        if (c == null) return new Counts(0, 0, 0, 0, 0, 0);
        return new Counts(c.get(DOWNLOAD), c.get(INDEX), c.get(UPLOAD), c.get(IN_DEFAULT + DOWNLOAD),
                c.get(IN_DEFAULT + INDEX), c.get(IN_DEFAULT + UPLOAD));
    }

    /** The threads that made any counted call. */
    public List<Thread> threads() { return new ArrayList<>(counts.keySet()); }

    /** The number of storages handed out so far that are still open. */
    public long openStorages() { return handedOut.stream().filter(s -> !isClosed.test(s)).count(); }

    private Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            return switch (m.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "host-traffic " + primitives.name() + " as " + device;
            };
        }
        switch (m.getName()) {
            case "device" -> { return device; }
            case "name" -> { return "host-traffic-" + primitives.name(); }
            case "download" -> count(DOWNLOAD);
            case "upload" -> count(UPLOAD);
            default -> { if (INDEX_OPS.contains(m.getName())) count(INDEX); }
        }
        Object result = m.isDefault() && !overridden(m) ? runDefault(proxy, m, args) : delegate(m, args);
        if (result instanceof Storage s && !m.getName().equals("download")) handedOut.add(s); // not the host copies
        if (result instanceof MaxPool2dResult r) {
            handedOut.add(r.output());
            handedOut.add(r.indices());
        }
        return result;
    }

    private void count(int what) {
        int slot = defaultDepth.get()[0] > 0 ? IN_DEFAULT + what : what;
        counts.computeIfAbsent(Thread.currentThread(), t -> new AtomicLongArray(6)).incrementAndGet(slot);
    }

    private boolean overridden(Method m) {
        try {
            return primitives.getClass().getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() != Backend.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private Object runDefault(Object proxy, Method m, Object[] args) throws Throwable {
        int[] depth = defaultDepth.get();
        depth[0]++;
        try {
            return InvocationHandler.invokeDefault(proxy, m, args);
        } finally {
            depth[0]--;
        }
    }

    private Object delegate(Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(primitives, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
