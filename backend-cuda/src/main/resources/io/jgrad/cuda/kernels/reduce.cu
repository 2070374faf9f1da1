// Reductions over any set of axes, arg max/min along one axis, and softmax / log-softmax along one axis, with the
// reference backend's semantics: floating values accumulate in double, integers (BOOL as 0/1) in 64 bits with Java's
// wrap-around, and NaN propagates (ReduceOp.MAX/MIN, Math.max) or wins (arg max/min).
//
// Every kernel works on rows: row r starts at view_offset32(rows, r) of the input and holds `length` elements, which
// the Java side (ReductionOps) describes either by a second view (reduce: the reduced axes, in row-major order) or by
// one stride (arg max/min and softmax: the axis). Two launch shapes, chosen on the Java side:
//   *_per_thread: a grid-stride loop over rows, one thread reading a whole row (short rows, or rows enough to fill the
//                 device when a row's elements are far apart in memory);
//   *_per_block:  one block per row (blocks loop over rows), its threads striding through the row and combining their
//                 partial results in a shared-memory tree. blockDim.x is a power of two, at most ROW_THREADS.
#include "jgrad.cuh"
#include "view32.cuh"

// The most threads a *_per_block launch uses (ReductionOps.ROW_THREADS): the size of the shared-memory trees.
#define ROW_THREADS 256

// The accumulator of an element type: double for F32 and F64, long long for I32, I64 and BOOL.
template <typename T> struct Accumulator { typedef long long type; };
template <> struct Accumulator<float> { typedef double type; };
template <> struct Accumulator<double> { typedef double type; };
template <typename T> using Acc = typename Accumulator<T>::type;

__device__ __forceinline__ bool is_nan(double v) { return v != v; }
__device__ __forceinline__ bool is_nan(long long) { return false; }

// An accumulator's value in the output's type, by Java's cast rules (HostStorage.setDouble / setLong).
template <typename T> __device__ __forceinline__ T to_output(double acc) { return jg_from_double<T>(acc); }
template <typename T> __device__ __forceinline__ T to_output(long long acc) { return jg_from_long<T>(acc); }

__device__ __forceinline__ double negative_infinity() {
    return __longlong_as_double((long long) 0xfff0000000000000ULL);
}

// Combines each thread's `value` over the block, pairwise in a tree over `partial` (one slot per thread), and returns
// the result to every thread. Every thread of the block must call it.
template <typename A, typename Combine>
__device__ A block_combine(A* partial, A value, Combine combine) {
    partial[threadIdx.x] = value;
    __syncthreads();
    for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) partial[threadIdx.x] = combine(partial[threadIdx.x], partial[threadIdx.x + half]);
        __syncthreads();
    }
    A result = partial[0];
    __syncthreads();  // every thread has read the result before `partial` is written again
    return result;
}

// ---- reduce: SUM, PROD, MAX, MIN over the flagged axes ------------------------------------------------------

// ReduceOp's ordinals.
#define OP_SUM 0
#define OP_PROD 1
#define OP_MAX 2

// ReduceOp.combine. For doubles MAX and MIN keep a NaN once met and take a NaN element (NaN propagates); for longs sums
// and products wrap around as Java's do (computed unsigned: signed overflow is undefined in C++).
struct ReduceCombine {
    int op;

    __device__ double operator()(double acc, double x) const {
        bool acc_nan = acc != acc;
        switch (op) {
            case OP_SUM: return acc + x;
            case OP_PROD: return acc * x;
            case OP_MAX: return acc_nan || x > acc || x != x ? (acc_nan ? acc : x) : acc;
            default: return acc_nan || x < acc || x != x ? (acc_nan ? acc : x) : acc;
        }
    }

    __device__ long long operator()(long long acc, long long x) const {
        switch (op) {
            case OP_SUM: return (long long) ((unsigned long long) acc + (unsigned long long) x);
            case OP_PROD: return (long long) ((unsigned long long) acc * (unsigned long long) x);
            case OP_MAX: return x > acc ? x : acc;
            default: return x < acc ? x : acc;
        }
    }
};

// Output o reduces the elements view_offset32(kept, o) + view_offset32(reduced, j) (reduced has offset 0) for j over
// the `length` positions of the reduced axes, starting from ReduceOp's identity; the output is contiguous.
template <typename T>
__device__ void reduce_per_thread(const T* x, JgLayout kept, JgLayout reduced, unsigned int outputs,
                                  unsigned int length, int op, Acc<T> identity, T* out) {
    ReduceCombine combine = {op};
    FOR_EACH_INDEX32(o, outputs) {
        const T* slice = x + view_offset32(kept, o);
        Acc<T> acc = identity;
        for (unsigned int j = 0; j < length; ++j) {
            acc = combine(acc, (Acc<T>) slice[view_offset32(reduced, j)]);
        }
        out[o] = to_output<T>(acc);
    }
}

template <typename T>
__device__ void reduce_per_block(const T* x, JgLayout kept, JgLayout reduced, unsigned int outputs, unsigned int length,
                                 int op, Acc<T> identity, T* out) {
    __shared__ Acc<T> partial[ROW_THREADS];
    ReduceCombine combine = {op};
    for (unsigned int o = blockIdx.x; o < outputs; o += gridDim.x) {
        const T* slice = x + view_offset32(kept, o);
        Acc<T> acc = identity;
        FOR_EACH_IN_ROW(j, length) acc = combine(acc, (Acc<T>) slice[view_offset32(reduced, j)]);
        acc = block_combine(partial, acc, combine);
        if (threadIdx.x == 0) out[o] = to_output<T>(acc);
    }
}

#define REDUCE_KERNELS(suffix, type)                                                                                  \
    extern "C" __global__ void reduce_per_thread_##suffix(const type* x, JgLayout kept, JgLayout reduced,              \
                                                          unsigned int outputs, unsigned int length, int op,          \
                                                          Acc<type> identity, type* out) {                            \
        reduce_per_thread<type>(x, kept, reduced, outputs, length, op, identity, out);                               \
    }                                                                                                                 \
    extern "C" __global__ void reduce_per_block_##suffix(const type* x, JgLayout kept, JgLayout reduced,               \
                                                         unsigned int outputs, unsigned int length, int op,           \
                                                         Acc<type> identity, type* out) {                             \
        reduce_per_block<type>(x, kept, reduced, outputs, length, op, identity, out);                                \
    }

JG_FOR_EACH_TYPE(REDUCE_KERNELS)

// ---- arg max / arg min along one axis -------------------------------------------------------------------------

// Whether element (v, i) beats the best so far (b, k): NaN beats every number (it counts as the maximum and as the
// minimum), then the larger (arg max) or smaller (arg min) value, and among equals the lower index. This order picks
// what the reference's left-to-right scan picks (the first NaN if any, else the first extreme) whatever order the
// candidates are combined in.
template <typename A>
__device__ __forceinline__ bool arg_beats(bool max, A v, int i, A b, int k) {
    bool v_nan = is_nan(v), b_nan = is_nan(b);
    if (v_nan || b_nan) return v_nan && (!b_nan || i < k);
    if (v == b) return i < k;
    return max ? v > b : v < b;
}

// Row r's elements are row[j * step] from view_offset32(rows, r); out[r] is the winning j as an I64 (0 for an empty
// row, as the reference).
template <typename T>
__device__ void arg_reduce_per_thread(const T* x, JgLayout rows, long long step, unsigned int count,
                                      unsigned int length, int max, long long* out) {
    typedef Acc<T> A;
    FOR_EACH_INDEX32(r, count) {
        const T* row = x + view_offset32(rows, r);
        int best = 0;
        A best_value = length > 0 ? (A) row[0] : (A) 0;
        for (unsigned int j = 1; j < length && !is_nan(best_value); ++j) {
            A v = (A) row[j * step];
            if (arg_beats<A>(max != 0, v, (int) j, best_value, best)) {
                best = (int) j;
                best_value = v;
            }
        }
        out[r] = best;
    }
}

template <typename T>
__device__ void arg_reduce_per_block(const T* x, JgLayout rows, long long step, unsigned int count,
                                     unsigned int length, int max, long long* out) {
    typedef Acc<T> A;
    __shared__ A values[ROW_THREADS];
    __shared__ int indices[ROW_THREADS];
    unsigned int t = threadIdx.x;
    for (unsigned int r = blockIdx.x; r < count; r += gridDim.x) {
        const T* row = x + view_offset32(rows, r);
        int best = -1;  // -1: this thread's share of the row was empty
        A best_value = 0;
        FOR_EACH_IN_ROW(j, length) {
            A v = (A) row[j * step];
            if (best < 0 || arg_beats<A>(max != 0, v, (int) j, best_value, best)) {
                best = (int) j;
                best_value = v;
            }
        }
        values[t] = best_value;
        indices[t] = best;
        __syncthreads();
        for (unsigned int half = blockDim.x / 2; half > 0; half /= 2) {
            if (t < half) {
                int k = indices[t + half];
                if (k >= 0 && (indices[t] < 0 || arg_beats<A>(max != 0, values[t + half], k, values[t], indices[t]))) {
                    values[t] = values[t + half];
                    indices[t] = k;
                }
            }
            __syncthreads();
        }
        if (t == 0) out[r] = indices[0] < 0 ? 0 : indices[0];
        __syncthreads();  // indices[0] is read before the next row overwrites it
    }
}

#define ARG_REDUCE_KERNELS(suffix, type)                                                                              \
    extern "C" __global__ void arg_reduce_per_thread_##suffix(const type* x, JgLayout rows, long long step,           \
                                                              unsigned int count, unsigned int length, int max,       \
                                                              long long* out) {                                       \
        arg_reduce_per_thread<type>(x, rows, step, count, length, max, out);                                         \
    }                                                                                                                 \
    extern "C" __global__ void arg_reduce_per_block_##suffix(const type* x, JgLayout rows, long long step,            \
                                                             unsigned int count, unsigned int length, int max,        \
                                                             long long* out) {                                        \
        arg_reduce_per_block<type>(x, rows, step, count, length, max, out);                                          \
    }

JG_FOR_EACH_TYPE(ARG_REDUCE_KERNELS)

// ---- softmax / log-softmax along one axis ---------------------------------------------------------------------

// Java's Math.max: NaN if either is NaN, +0.0 above -0.0.
struct JavaMax {
    __device__ double operator()(double a, double b) const {
        if (a != a) return a;
        if (a == 0.0 && b == 0.0) return __double_as_longlong(a) < 0 ? b : a;
        return a >= b ? a : b;
    }
};

struct Plus {
    __device__ double operator()(double a, double b) const { return a + b; }
};

// Where row r of the contiguous output starts: the softmax axis (of `length`) has stride `inner` (the product of the
// dimensions after it), and rows count the other axes in row-major order.
__device__ __forceinline__ unsigned int softmax_out_start(unsigned int r, unsigned int length, unsigned int inner) {
    return r / inner * length * inner + r % inner;
}

// The reference's row: max = Math.max over the row (0 if it is -inf), sum = sum of exp(x - max) in double, then
// (x - max) - log(sum) for log-softmax, exp(x - max) / sum for softmax, rounded once to the output type.
template <typename T>
__device__ __forceinline__ T softmax_value(double v, double max, double sum, double log_sum, int log_softmax) {
    double shifted = v - max;
    return jg_from_double<T>(log_softmax ? shifted - log_sum : exp(shifted) / sum);
}

template <typename T>
__device__ void softmax_per_thread(const T* x, JgLayout rows, long long step, unsigned int count, unsigned int length,
                                   unsigned int inner, int log_softmax, T* out) {
    JavaMax java_max;
    FOR_EACH_INDEX32(r, count) {
        const T* row = x + view_offset32(rows, r);
        T* out_row = out + softmax_out_start(r, length, inner);
        double max = negative_infinity();
        for (unsigned int j = 0; j < length; ++j) max = java_max(max, (double) row[j * step]);
        if (max == negative_infinity()) max = 0;
        double sum = 0;
        for (unsigned int j = 0; j < length; ++j) sum += exp((double) row[j * step] - max);
        double log_sum = log(sum);
        for (unsigned int j = 0; j < length; ++j) {
            out_row[(long long) j * inner] = softmax_value<T>((double) row[j * step], max, sum, log_sum, log_softmax);
        }
    }
}

template <typename T>
__device__ void softmax_per_block(const T* x, JgLayout rows, long long step, unsigned int count, unsigned int length,
                                  unsigned int inner, int log_softmax, T* out) {
    __shared__ double partial[ROW_THREADS];
    JavaMax java_max;
    for (unsigned int r = blockIdx.x; r < count; r += gridDim.x) {
        const T* row = x + view_offset32(rows, r);
        T* out_row = out + softmax_out_start(r, length, inner);
        double max = negative_infinity();
        FOR_EACH_IN_ROW(j, length) max = java_max(max, (double) row[j * step]);
        max = block_combine(partial, max, java_max);
        if (max == negative_infinity()) max = 0;
        double sum = 0;
        FOR_EACH_IN_ROW(j, length) sum += exp((double) row[j * step] - max);
        sum = block_combine(partial, sum, Plus());
        double log_sum = log(sum);
        FOR_EACH_IN_ROW(j, length) {
            out_row[(long long) j * inner] = softmax_value<T>((double) row[j * step], max, sum, log_sum, log_softmax);
        }
    }
}

#define SOFTMAX_KERNELS(suffix, type)                                                                                 \
    extern "C" __global__ void softmax_per_thread_##suffix(const type* x, JgLayout rows, long long step,              \
                                                           unsigned int count, unsigned int length,                   \
                                                           unsigned int inner, int log_softmax, type* out) {          \
        softmax_per_thread<type>(x, rows, step, count, length, inner, log_softmax, out);                             \
    }                                                                                                                 \
    extern "C" __global__ void softmax_per_block_##suffix(const type* x, JgLayout rows, long long step,               \
                                                          unsigned int count, unsigned int length,                    \
                                                          unsigned int inner, int log_softmax, type* out) {           \
        softmax_per_block<type>(x, rows, step, count, length, inner, log_softmax, out);                              \
    }

JG_FOR_EACH_TYPE(SOFTMAX_KERNELS)
