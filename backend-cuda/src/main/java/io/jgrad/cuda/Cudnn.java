package io.jgrad.cuda;

import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdDataAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionFwdAlgoPerf_t;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's cuDNN handle, bound to the device's stream, and its convolution plans: descriptors and chosen
 * algorithms per {@link ConvKey}, in a bounded least-recently-used cache (a training step reuses a few shapes).
 *
 * <p>Algorithms come from cuDNN's heuristics ({@code cudnnGet*Algorithm_v7}): the first entry that succeeded, fits the
 * workspace limit and uses a math type the precision allows ({@link ConvAlgorithm#choose}). With
 * {@code -Djgrad.cuda.cudnn.search=exhaustive}, a timed search ({@code cudnnFind*Algorithm}, which allocates its own
 * scratch memory) ranks them instead, once per plan. With {@code -Djgrad.cuda.deterministic=true}, the gradients prefer
 * algorithms cuDNN reports as deterministic (some use atomics, so their sums vary in the last bits from run to run).
 * The workspace comes from the device's caching allocator and goes back right after the call (the stream orders its
 * reuse). Calls are serialised: a cuDNN handle must not be used by two threads at once.
 */
final class Cudnn implements AutoCloseable {
    static final String SEARCH_PROPERTY = "jgrad.cuda.cudnn.search";
    static final String DETERMINISTIC_PROPERTY = "jgrad.cuda.deterministic";
    static final String WORKSPACE_PROPERTY = "jgrad.cuda.cudnn.workspaceMiB";
    /** Plans kept per device; a network has a handful of convolution shapes (times batch sizes and precisions). */
    static final int PLAN_CACHE_SIZE = 128;

    private final CudaContext context;
    private final CachingAllocator allocator;
    private final cudnnContext handle = new cudnnContext();
    private final boolean exhaustiveSearch;
    private final boolean deterministic;
    private final long workspaceLimit;
    private final FloatPointer oneF32 = new FloatPointer(1f);
    private final FloatPointer zeroF32 = new FloatPointer(0f);
    private final DoublePointer oneF64 = new DoublePointer(1.0);
    private final DoublePointer zeroF64 = new DoublePointer(0.0);
    private final Map<ConvKey, ConvPlan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConvKey, ConvPlan> eldest) {
            if (size() <= PLAN_CACHE_SIZE) return false;
            eldest.getValue().close();
            return true;
        }
    };
    private long plansCreated;
    private long runs;
    private boolean closed;

    /** A handle on {@code context}'s stream, configured by the system properties above. */
    static Cudnn create(CudaContext context, CachingAllocator allocator) {
        return new Cudnn(context, allocator, "exhaustive".equalsIgnoreCase(System.getProperty(SEARCH_PROPERTY, "")),
                Boolean.getBoolean(DETERMINISTIC_PROPERTY), Long.getLong(WORKSPACE_PROPERTY, 512) << 20);
    }

    Cudnn(CudaContext context, CachingAllocator allocator, boolean exhaustiveSearch, boolean deterministic,
          long workspaceLimit) {
        this.context = context;
        this.allocator = allocator;
        this.exhaustiveSearch = exhaustiveSearch;
        this.deterministic = deterministic;
        this.workspaceLimit = workspaceLimit;
        context.makeCurrent();
        check(cudnn.cudnnCreate(handle), "cudnnCreate");
        try {
            check(cudnn.cudnnSetStream(handle, context.stream()), "cudnnSetStream");
        } catch (RuntimeException e) {
            cudnn.cudnnDestroy(handle);
            throw e;
        }
    }

    /** The plan of {@code key}, created on first use. */
    synchronized ConvPlan plan(ConvKey key) {
        begin();
        ConvPlan plan = plans.get(key);
        if (plan == null) {
            plan = ConvPlan.create(key);
            plans.put(key, plan);
            plansCreated++;
        }
        return plan;
    }

    /** The algorithm for {@code direction} of {@code plan}, chosen on first use; null when cuDNN has none for it. */
    synchronized ConvAlgorithm algorithm(ConvPlan plan, ConvDirection direction) {
        ConvAlgorithm chosen = plan.algorithm(direction);
        if (chosen == null) {
            begin();
            ConvPrecision precision = plan.key().precision();
            check(cudnn.cudnnSetConvolutionMathType(plan.convolution, precision.mathType()),
                    "cudnnSetConvolutionMathType");
            List<ConvAlgorithm> ranked = ranked(plan, direction);
            boolean preferDeterministic = deterministic && direction != ConvDirection.FORWARD;
            chosen = ConvAlgorithm.choose(ranked, workspaceLimit, precision, preferDeterministic);
            chosen = chosen == null ? ConvPlan.NONE : withWorkspaceSize(plan, direction, chosen);
            plan.choose(direction, chosen);
        }
        return chosen == ConvPlan.NONE ? null : chosen;
    }

    /**
     * Runs {@code direction} of {@code plan} on packed device operands: FORWARD {@code out = conv(a = x, b = w)},
     * BACKWARD_DATA {@code out = dx(a = w, b = dy)}, BACKWARD_FILTER {@code out = dw(a = x, b = dy)}, overwriting
     * {@code out}. False when cuDNN refuses the algorithm at run time as not supported (the plan then remembers that
     * and the caller composes the convolution); any other failure throws.
     */
    synchronized boolean run(ConvPlan plan, ConvDirection direction, long a, long b, long out) {
        ConvAlgorithm algo = algorithm(plan, direction);
        if (algo == null) return false;
        begin();
        ConvPrecision precision = plan.key().precision();
        // Plain F32 keeps FMA math whatever the entry reports; the others run with the math type cuDNN ranked.
        int math = precision.allowsTensorOps() ? algo.mathType() : precision.mathType();
        check(cudnn.cudnnSetConvolutionMathType(plan.convolution, math), "cudnnSetConvolutionMathType");
        Pointer one = precision.doubleScaling() ? oneF64 : oneF32;
        Pointer zero = precision.doubleScaling() ? zeroF64 : zeroF32;
        DeviceBlock workspace = algo.workspace() > 0 ? allocator.allocate(algo.workspace()) : null;
        int status;
        try {
            Pointer ws = DevicePointers.at(workspace == null ? 0 : workspace.address());
            Pointer pa = DevicePointers.at(a), pb = DevicePointers.at(b), po = DevicePointers.at(out);
            status = switch (direction) {
                case FORWARD -> cudnn.cudnnConvolutionForward(handle, one, plan.input, pa, plan.weight, pb,
                        plan.convolution, algo.algo(), ws, algo.workspace(), zero, plan.output, po);
                case BACKWARD_DATA -> cudnn.cudnnConvolutionBackwardData(handle, one, plan.weight, pa, plan.output, pb,
                        plan.convolution, algo.algo(), ws, algo.workspace(), zero, plan.input, po);
                case BACKWARD_FILTER -> cudnn.cudnnConvolutionBackwardFilter(handle, one, plan.input, pa, plan.output,
                        pb, plan.convolution, algo.algo(), ws, algo.workspace(), zero, plan.weight, po);
            };
        } finally {
            if (workspace != null) allocator.free(workspace);
        }
        if (notSupported(status)) {
            plan.choose(direction, ConvPlan.NONE);
            return false;
        }
        check(status, direction.call() + "(" + plan.key() + ", algorithm " + algo.algo() + ")");
        runs++;
        return true;
    }

    /** cuDNN's ranked algorithms for one direction: its heuristics, or its timed search when asked for. */
    private List<ConvAlgorithm> ranked(ConvPlan p, ConvDirection direction) {
        int[] count = new int[1];
        int[] got = new int[1];
        List<ConvAlgorithm> ranked = new ArrayList<>();
        var x = p.input;
        var y = p.output;
        var w = p.weight;
        var conv = p.convolution;
        boolean find = exhaustiveSearch;
        int status;
        // The three perf structs have the same fields but no common type: one loop each.
        switch (direction) {
            case FORWARD -> {
                check(cudnn.cudnnGetConvolutionForwardAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionForwardAlgorithmMaxCount");
                int n = count[0];
                try (var perf = new cudnnConvolutionFwdAlgoPerf_t(n)) {
                    status = find ? cudnn.cudnnFindConvolutionForwardAlgorithm(handle, x, w, conv, y, n, got, perf)
                            : cudnn.cudnnGetConvolutionForwardAlgorithm_v7(handle, x, w, conv, y, n, got, perf);
                    for (int i = 0; i < got[0] && status == cudnn.CUDNN_STATUS_SUCCESS; i++) {
                        perf.position(i);
                        ranked.add(new ConvAlgorithm(perf.algo(), perf.status(), perf.memory(),
                                perf.determinism() == cudnn.CUDNN_DETERMINISTIC, perf.mathType()));
                    }
                }
            }
            case BACKWARD_DATA -> {
                check(cudnn.cudnnGetConvolutionBackwardDataAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionBackwardDataAlgorithmMaxCount");
                int n = count[0];
                try (var perf = new cudnnConvolutionBwdDataAlgoPerf_t(n)) {
                    status = find ? cudnn.cudnnFindConvolutionBackwardDataAlgorithm(handle, w, y, conv, x, n, got, perf)
                            : cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, w, y, conv, x, n, got, perf);
                    for (int i = 0; i < got[0] && status == cudnn.CUDNN_STATUS_SUCCESS; i++) {
                        perf.position(i);
                        ranked.add(new ConvAlgorithm(perf.algo(), perf.status(), perf.memory(),
                                perf.determinism() == cudnn.CUDNN_DETERMINISTIC, perf.mathType()));
                    }
                }
            }
            case BACKWARD_FILTER -> {
                check(cudnn.cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount");
                int n = count[0];
                try (var perf = new cudnnConvolutionBwdFilterAlgoPerf_t(n)) {
                    status = find
                            ? cudnn.cudnnFindConvolutionBackwardFilterAlgorithm(handle, x, y, conv, w, n, got, perf)
                            : cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, x, y, conv, w, n, got, perf);
                    for (int i = 0; i < got[0] && status == cudnn.CUDNN_STATUS_SUCCESS; i++) {
                        perf.position(i);
                        ranked.add(new ConvAlgorithm(perf.algo(), perf.status(), perf.memory(),
                                perf.determinism() == cudnn.CUDNN_DETERMINISTIC, perf.mathType()));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown direction " + direction);
        }
        // A configuration cuDNN cannot run at all (a data type, a geometry) is no error: the caller composes it.
        if (notSupported(status)) return List.of();
        check(status, (find ? "cudnnFind" : "cudnnGet") + " algorithms for " + direction.call() + "(" + p.key() + ")");
        return ranked;
    }

    /**
     * The chosen entry with the workspace size cuDNN states for it under the math type it will run with (the ranked
     * entry's own figure when the query fails).
     */
    private ConvAlgorithm withWorkspaceSize(ConvPlan p, ConvDirection direction, ConvAlgorithm a) {
        ConvPrecision precision = p.key().precision();
        int math = precision.allowsTensorOps() ? a.mathType() : precision.mathType();
        check(cudnn.cudnnSetConvolutionMathType(p.convolution, math), "cudnnSetConvolutionMathType");
        try (SizeTPointer size = new SizeTPointer(1)) {
            int status = switch (direction) {
                case FORWARD -> cudnn.cudnnGetConvolutionForwardWorkspaceSize(handle, p.input, p.weight, p.convolution,
                        p.output, a.algo(), size);
                case BACKWARD_DATA -> cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.weight, p.output,
                        p.convolution, p.input, a.algo(), size);
                case BACKWARD_FILTER -> cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.input, p.output,
                        p.convolution, p.weight, a.algo(), size);
            };
            if (status != cudnn.CUDNN_STATUS_SUCCESS) return a;
            return new ConvAlgorithm(a.algo(), a.status(), Math.max(a.workspace(), size.get()), a.deterministic(),
                    a.mathType());
        }
    }

    /** Plans created so far (a repeated shape finds its plan: this stays put). */
    synchronized long plansCreated() { return plansCreated; }

    /** Convolutions cuDNN has run. */
    synchronized long runs() { return runs; }

    private void begin() {
        if (closed) throw new IllegalStateException("cuDNN handle of cuda:" + context.ordinal() + " is closed");
        context.makeCurrent();
    }

    /** cuDNN 9's "not supported" statuses form the 3000 range (CUDNN_STATUS_NOT_SUPPORTED and its refinements). */
    static boolean notSupported(int status) { return status / 1000 == cudnn.CUDNN_STATUS_NOT_SUPPORTED / 1000; }

    /** Checks a cuDNN status. */
    static void check(int status, String call) {
        if (status != cudnn.CUDNN_STATUS_SUCCESS) {
            BytePointer text = cudnn.cudnnGetErrorString(status);
            String what = text == null || text.isNull() ? "unknown error" : text.getString();
            throw new CudaException(call + " failed: " + what + " [" + status + "]", status);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        context.makeCurrent();
        for (ConvPlan plan : plans.values()) plan.close();
        plans.clear();
        check(cudnn.cudnnDestroy(handle), "cudnnDestroy");
        oneF32.close();
        zeroF32.close();
        oneF64.close();
        zeroF64.close();
    }
}
