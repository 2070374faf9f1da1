package io.jgrad.testing;

import io.jgrad.backend.AttentionGradients;
import io.jgrad.backend.AttentionResult;
import io.jgrad.backend.Backend;
import io.jgrad.backend.LayerNormGradients;
import io.jgrad.backend.LayerNormResult;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.RecurrenceGradients;
import io.jgrad.backend.RecurrenceResult;
import io.jgrad.backend.Storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A backend with another backend's primitives and every fused op left to the SPI's default implementation, each
 * default call checked for what it leaves open: while a default runs, every storage the primitives hand out (allocate,
 * upload, full, copy, the results of elementwise ops, reductions, matmul, gather...) is recorded, and when it returns,
 * <ul>
 *   <li>its result (every result, for {@code maxPool2d}, attention, {@code recurrence} and
 *       {@code recurrenceBackward}) is a storage it created, still open;</li>
 *   <li>every other storage it created is closed: device memory is not garbage collected, so a temporary left open
 *       would leak on every call of a device backend that relies on the default;</li>
 *   <li>no storage passed to it was closed.</li>
 * </ul>
 * A default that fails must still have closed what it created. Defaults that call other defaults (linearRelu calling
 * linear, adamUpdate calling binaryInPlace) are checked at each level. A violation fails the call with an
 * {@link AssertionError} (the failure of a default that fails and leaks becomes its cause), so any test run on this
 * backend (the whole backend test kit, in {@code OpaqueStorageBackendKitTest}) checks every default it reaches.
 */
public final class ReleaseCheckingBackend {
    private ReleaseCheckingBackend() {}

    /** A storage handed out by a primitive while a default ran, and which primitive made it. */
    private record Created(Storage storage, String by) {
        @Override
        public String toString() { return by + " -> " + storage.dtype() + "[" + storage.length() + "]"; }
    }

    /** The storages created on one thread during the outermost default call in progress, in order. */
    private static final class Calls {
        final List<Created> created = new ArrayList<>();
        int depth;
    }

    /**
     * A backend that runs {@code primitives}' primitives and the SPI's defaults, checking each default call as
     * described above; {@code isClosed} tells whether one of {@code primitives}' storages was closed.
     */
    public static Backend over(Backend primitives, Predicate<Storage> isClosed) {
        ThreadLocal<Calls> calls = ThreadLocal.withInitial(Calls::new);
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) return objectMethod(proxy, m, args, primitives);
                    Calls state = calls.get();
                    if (m.isDefault()) return checkedDefault(proxy, m, args, state, isClosed);
                    Object result;
                    try {
                        result = m.invoke(primitives, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (state.depth > 0 && result instanceof Storage s) state.created.add(new Created(s, m.getName()));
                    return result;
                });
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args, Backend primitives) {
        return switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "release-checking " + primitives.name();
        };
    }

    private static Object checkedDefault(Object proxy, Method m, Object[] args, Calls state,
                                         Predicate<Storage> isClosed) throws Throwable {
        int first = state.created.size();
        List<Integer> openInputs = openStorageArguments(args, isClosed);
        state.depth++;
        try {
            Object result;
            try {
                result = InvocationHandler.invokeDefault(proxy, m, args);
            } catch (RuntimeException e) {
                List<Created> open = state.created.subList(first, state.created.size()).stream()
                        .filter(c -> !isClosed.test(c.storage())).toList();
                if (open.isEmpty()) throw e;
                throw new AssertionError(m.getName() + " failed and left open " + open, e);
            }
            check(m.getName(), results(result), state.created.subList(first, state.created.size()), isClosed);
            List<Integer> closedInputs = new ArrayList<>(openInputs);
            closedInputs.removeAll(openStorageArguments(args, isClosed));
            if (!closedInputs.isEmpty()) {
                throw new AssertionError(m.getName() + " closed storages passed to it: arguments " + closedInputs);
            }
            return result;
        } finally {
            if (--state.depth == 0) state.created.clear();
        }
    }

    private static List<Storage> results(Object result) {
        if (result instanceof Storage s) return List.of(s);
        if (result instanceof MaxPool2dResult r) return List.of(r.output(), r.indices());
        if (result instanceof AttentionResult r) return List.of(r.output(), r.logsumexp());
        if (result instanceof AttentionGradients r) return List.of(r.q(), r.k(), r.v());
        if (result instanceof LayerNormResult r) return List.of(r.output(), r.mean(), r.rstd());
        if (result instanceof LayerNormGradients g) {
            return Stream.of(g.x(), g.weight(), g.bias()).filter(Objects::nonNull).toList();
        }
        if (result instanceof RecurrenceResult r) return List.of(r.output(), r.saved());
        if (result instanceof RecurrenceGradients g) {
            List<Storage> all = new ArrayList<>(List.of(g.inputProjection(), g.hiddenProjection(), g.h0()));
            if (g.c0() != null) all.add(g.c0());
            return all;
        }
        return List.of();
    }

    /** The positions of the arguments that are open storages. */
    private static List<Integer> openStorageArguments(Object[] args, Predicate<Storage> isClosed) {
        if (args == null) return List.of();
        return IntStream.range(0, args.length).filter(i -> args[i] instanceof Storage s && !isClosed.test(s))
                .boxed().toList();
    }

    /** The results are storages the call created, open; everything else it created is closed. */
    private static void check(String op, List<Storage> results, List<Created> created, Predicate<Storage> isClosed) {
        for (Storage r : results) {
            if (created.stream().noneMatch(c -> c.storage() == r)) {
                throw new AssertionError(op + " returned a storage it did not create");
            }
            if (isClosed.test(r)) throw new AssertionError(op + " returned a closed storage");
        }
        List<Created> leaked = created.stream()
                .filter(c -> results.stream().noneMatch(r -> r == c.storage()) && !isClosed.test(c.storage()))
                .toList();
        if (!leaked.isEmpty()) {
            throw new AssertionError(op + " left " + leaked.size() + " of the " + created.size()
                    + " storages it created open besides its result: " + leaked);
        }
    }
}
