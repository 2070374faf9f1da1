package io.jgrad.backend;

import io.jgrad.Device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backend providers (the built-in reference backend plus those on the class or module path) and picks one per
 * device. The {@code jgrad.device} system property ({@code cpu}, {@code cuda}, {@code cuda:1}) sets the default
 * device; {@code jgrad.backend} forces a provider by name (e.g. {@code reference}).
 */
public final class Backends {
    private static volatile List<ProviderInfo> providers;
    private static final Map<String, Backend> INSTANCES = new ConcurrentHashMap<>();
    private static volatile Backend defaultBackend;
    /** A per-thread override of the default, set by {@link #use(Backend)}. */
    private static final ThreadLocal<Backend> CURRENT = new ThreadLocal<>();
    /** Device type and backend of each fallback already reported on stderr. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** A provider with its availability, probed once. */
    public record ProviderInfo(BackendProvider provider, Availability availability) {}

    private Backends() {}

    /** Every provider found, best first, with whether it can run here and why not. */
    public static List<ProviderInfo> providers() {
        List<ProviderInfo> list = providers;
        if (list == null) {
            synchronized (Backends.class) {
                if (providers == null) providers = discover();
                list = providers;
            }
        }
        return list;
    }

    private static List<ProviderInfo> discover() {
        List<ProviderInfo> found = new ArrayList<>();
        found.add(probe(new ReferenceBackend.Provider()));
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            found.add(probe(p));
        }
        found.sort(Comparator.comparingInt((ProviderInfo i) -> -i.provider().priority()));
        return List.copyOf(found);
    }

    private static ProviderInfo probe(BackendProvider p) {
        Availability a;
        try {
            a = p.availability();
        } catch (Throwable t) {
            a = Availability.no(p.name() + " failed to probe: " + t);
        }
        return new ProviderInfo(p, a);
    }

    /**
     * The backend tensors are created on unless a device is given: the one set for this thread by {@link #use}, else
     * the process-wide default ({@code jgrad.device}, or {@link #setDefault}).
     */
    public static Backend defaultBackend() {
        Backend current = CURRENT.get();
        if (current != null) return current;
        Backend b = defaultBackend;
        if (b == null) {
            String device = System.getProperty("jgrad.device", "cpu");
            b = forDevice(Device.parse(device));
            defaultBackend = b;
        }
        return b;
    }

    /** Changes the default backend for tensors created from now on (e.g. from {@code --device}). */
    public static void setDefault(Backend backend) { defaultBackend = backend; }

    /**
     * Makes {@code backend} this thread's default until the returned scope is closed, which restores the previous one:
     * {@code try (var on = Backends.use(Backends.forDevice(Device.cuda(0)))) { ... }}. Scopes nest.
     */
    public static Use use(Backend backend) {
        java.util.Objects.requireNonNull(backend, "backend");
        Backend previous = CURRENT.get();
        CURRENT.set(backend);
        return () -> {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        };
    }

    /** {@link #use(Backend)} with the best available backend for {@code device}. */
    public static Use use(Device device) { return use(forDevice(device)); }

    /** Restores the previous default backend on close. */
    @FunctionalInterface
    public interface Use extends AutoCloseable {
        @Override
        void close();
    }

    /** The best available backend for a device, or the one named by {@code jgrad.backend}. */
    public static Backend forDevice(Device device) {
        String forced = System.getProperty("jgrad.backend");
        String key = device + "/" + (forced == null ? "" : forced);
        return INSTANCES.computeIfAbsent(key, k -> create(device, forced));
    }

    /** A backend by provider name, e.g. {@code reference} (for tests comparing backends). */
    public static Backend named(String name, Device device) {
        return INSTANCES.computeIfAbsent(device + "/" + name, k -> create(device, name));
    }

    /**
     * Says once on stderr that a faster backend for the device is installed but cannot run, and why (e.g. the CPU
     * backend without {@code --add-modules jdk.incubator.vector}), instead of falling back silently.
     */
    private static void warnIfSlowerThanInstalled(BackendProvider chosen, List<String> unavailable) {
        if (unavailable.isEmpty() || !WARNED.add(chosen.deviceType() + "/" + chosen.name())) return;
        System.err.println("jgrad: using the " + chosen.name() + " backend because a faster one is installed but cannot run: "
                + String.join("; ", unavailable) + ". Set -Djgrad.backend=" + chosen.name()
                + " to choose it on purpose without this message.");
    }

    private static Backend create(Device device, String forcedName) {
        List<String> reasons = new ArrayList<>();
        for (ProviderInfo info : providers()) {
            BackendProvider p = info.provider();
            if (!p.deviceType().equals(device.type())) continue;
            if (forcedName != null && !p.name().equalsIgnoreCase(forcedName.trim())) continue;
            if (info.availability().available()) {
                if (forcedName == null) warnIfSlowerThanInstalled(p, reasons);
                return p.create(device);
            }
            reasons.add(p.name() + ": " + info.availability().reason());
        }
        String what = forcedName == null ? "no backend for device " + device : "no backend named '" + forcedName + "' for device " + device;
        throw new IllegalStateException(what + (reasons.isEmpty() ? " is installed" : " is available (" + String.join("; ", reasons) + ")")
                + ". Known providers: " + providers().stream().map(i -> i.provider().name() + "[" + i.provider().deviceType() + "]").toList()
                .toString().toLowerCase(Locale.ROOT));
    }
}
