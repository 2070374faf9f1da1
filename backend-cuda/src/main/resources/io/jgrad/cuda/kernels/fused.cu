// The fused training ops: ReLU's gradient, the Adam update, and batch normalization's per-channel moments, gradient
// sums and affine map. Each elementwise op has a contiguous entry point (views that start at an offset and run in
// row-major order) and a strided one (JgLayout views, simplified together on the Java side); index math is 32-bit,
// since tensors hold fewer than 2^31 elements.
#include "jgrad.cuh"
#include "rounded.cuh"

// The storage offset of row-major position `linear` in a view (jg_offset with 32-bit division).
__device__ __forceinline__ long long fused_offset(const JgLayout& layout, unsigned linear) {
    long long offset = layout.offset;
    for (int d = (int) layout.rank - 1; d >= 0; --d) {
        unsigned size = (unsigned) layout.shape[d];
        unsigned q = linear / size;
        offset += (long long) (linear - q * size) * layout.strides[d];
        linear = q;
    }
    return offset;
}

// A view whose elements run in row-major order from `offset`.
struct ContiguousView {
    long long offset;
    __device__ __forceinline__ long long at(unsigned i) const { return offset + i; }
};

// Any view: element i at its layout's row-major position i.
struct StridedView {
    JgLayout layout;
    __device__ __forceinline__ long long at(unsigned i) const { return fused_offset(layout, i); }
};

// A grid-stride loop over [0, n) with 32-bit indices (i + the grid's size stays below 2^32 for n < 2^31).
#define FUSED_FOR_EACH(i, n) \
    for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned) (n); i += blockDim.x * gridDim.x)

// ---- ReLU backward: out = x <= 0 ? 0 : grad (a NaN in x passes the gradient; the zero is +0) ----------------------

template <typename T, typename View>
__device__ void relu_backward(T* out, const T* g, View gv, const T* x, View xv, int n) {
    FUSED_FOR_EACH(i, n) { out[i] = x[xv.at(i)] <= (T) 0 ? (T) 0 : g[gv.at(i)]; }
}

#define FUSED_RELU_KERNELS(suffix, type)                                                                        \
    extern "C" __global__ void relu_backward_##suffix(type* out, const type* g, long long g_offset,             \
                                                      const type* x, long long x_offset, int n) {             \
        relu_backward<type>(out, g, ContiguousView{g_offset}, x, ContiguousView{x_offset}, n);                  \
    }                                                                                                           \
    extern "C" __global__ void relu_backward_strided_##suffix(type* out, const type* g, JgLayout gl,            \
                                                              const type* x, JgLayout xl, int n) {            \
        relu_backward<type>(out, g, StridedView{gl}, x, StridedView{xl}, n);                                    \
    }

JG_FOR_EACH_TYPE(FUSED_RELU_KERNELS)

// ---- Adam, in place: the operations of Backend.adamUpdate's default one by one, in T (float for F32, as the
// reference's F32 ops are exactly rounded float ops), never fused: the reference's bits ------------------------------

template <typename T, typename View>
__device__ void adam(T* p, View pv, const T* g, View gv, T* m, View mv, T* v, View vv, int n, T beta1,
                     T one_minus_beta1, T beta2, T one_minus_beta2, T bias2_sqrt, T eps, T neg_step_size) {
    FUSED_FOR_EACH(i, n) {
        long long pi = pv.at(i), mi = mv.at(i), vi = vv.at(i);
        T gi = g[gv.at(i)];
        T mt = jg_add(jg_mul(m[mi], beta1), jg_mul(gi, one_minus_beta1));
        T vt = jg_add(jg_mul(v[vi], beta2), jg_mul(jg_mul(gi, gi), one_minus_beta2));
        T denom = jg_add(jg_div(jg_sqrt(vt), bias2_sqrt), eps);
        m[mi] = mt;
        v[vi] = vt;
        p[pi] = jg_add(p[pi], jg_mul(jg_div(mt, denom), neg_step_size));
    }
}

#define FUSED_ADAM_SCALARS(type) \
    type beta1, type one_minus_beta1, type beta2, type one_minus_beta2, type bias2_sqrt, type eps, type neg_step_size
#define FUSED_ADAM_ARGS beta1, one_minus_beta1, beta2, one_minus_beta2, bias2_sqrt, eps, neg_step_size
#define FUSED_ADAM_KERNELS(suffix, type)                                                                          \
    extern "C" __global__ void adam_##suffix(type* p, long long p_offset, const type* g, long long g_offset,      \
                                             type* m, long long m_offset, type* v, long long v_offset, int n,      \
                                             FUSED_ADAM_SCALARS(type)) {                                           \
        adam<type>(p, ContiguousView{p_offset}, g, ContiguousView{g_offset}, m, ContiguousView{m_offset}, v,      \
                   ContiguousView{v_offset}, n, FUSED_ADAM_ARGS);                                                  \
    }                                                                                                             \
    extern "C" __global__ void adam_strided_##suffix(type* p, JgLayout pl, const type* g, JgLayout gl, type* m,   \
                                                     JgLayout ml, type* v, JgLayout vl, int n,                     \
                                                     FUSED_ADAM_SCALARS(type)) {                                   \
        adam<type>(p, StridedView{pl}, g, StridedView{gl}, m, StridedView{ml}, v, StridedView{vl}, n,             \
                   FUSED_ADAM_ARGS);                                                                              \
    }

FUSED_ADAM_KERNELS(f32, float)
FUSED_ADAM_KERNELS(f64, double)

// ---- Batch normalization's channel ops over [N, C, ...] (channel axis 1, the axes after it one plane of `rest`
// values), in double whatever the storage type, as ReferenceChannelLoops ---------------------------------------------

// Threads of a per-channel block (a power of two: the tree below halves it).
#define CHANNEL_THREADS 256

// The sum of every thread's v over the block; each thread gets it. `partial` holds CHANNEL_THREADS doubles.
__device__ double block_sum(double v, double* partial) {
    partial[threadIdx.x] = v;
    __syncthreads();
    for (unsigned s = CHANNEL_THREADS / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads(); // everyone has read it before partial is reused
    return total;
}

// Element k (of count = N * rest) of channel c in a contiguous [N, C, rest] view from `offset`.
struct ContiguousChannels {
    long long offset;
    unsigned channels, rest;
    __device__ __forceinline__ long long at(unsigned c, unsigned k) const {
        unsigned b = k / rest;
        return offset + ((long long) b * channels + c) * rest + (k - b * rest);
    }
};

// Any view, permuted to [C, N, ...] (and simplified) on the Java side: element k of channel c is its position
// c * count + k.
struct StridedChannels {
    JgLayout layout;
    unsigned count;
    __device__ __forceinline__ long long at(unsigned c, unsigned k) const {
        return fused_offset(layout, c * count + k);
    }
};

// One block per channel: the mean (sum / count), then the biased variance from the squared deviations (two passes);
// out is [2, C]. No values (count 0) give NaN, as 0 / 0 does in the reference.
template <typename T, typename Channels>
__device__ void channel_moments(const T* x, Channels xc, int count, T* out) {
    __shared__ double partial[CHANNEL_THREADS];
    unsigned c = blockIdx.x, channels = gridDim.x;
    double sum = 0;
    for (unsigned k = threadIdx.x; k < (unsigned) count; k += CHANNEL_THREADS) {
        sum += jg_convert<double>(x[xc.at(c, k)]);
    }
    double mean = block_sum(sum, partial) / (double) count;
    double squares = 0;
    for (unsigned k = threadIdx.x; k < (unsigned) count; k += CHANNEL_THREADS) {
        double d = __dsub_rn(jg_convert<double>(x[xc.at(c, k)]), mean);
        squares = __dadd_rn(squares, __dmul_rn(d, d));
    }
    double variance = block_sum(squares, partial) / (double) count;
    if (threadIdx.x == 0) {
        out[c] = jg_from_double<T>(mean);
        out[channels + c] = jg_from_double<T>(variance);
    }
}

// One block per channel: the sum of g, then the sum of g * (x - center[c]); out is [2, C].
template <typename T, typename Channels>
__device__ void channel_grad_sums(const T* g, Channels gc, const T* x, Channels xc, const T* center,
                                  long long center_offset, long long center_stride, int count, T* out) {
    __shared__ double partial[CHANNEL_THREADS];
    unsigned c = blockIdx.x, channels = gridDim.x;
    double mid = jg_convert<double>(center[center_offset + c * center_stride]);
    double sum = 0, dot = 0;
    for (unsigned k = threadIdx.x; k < (unsigned) count; k += CHANNEL_THREADS) {
        double gk = jg_convert<double>(g[gc.at(c, k)]);
        sum += gk;
        dot = __dadd_rn(dot, __dmul_rn(gk, __dsub_rn(jg_convert<double>(x[xc.at(c, k)]), mid)));
    }
    sum = block_sum(sum, partial);
    dot = block_sum(dot, partial);
    if (threadIdx.x == 0) {
        out[c] = jg_from_double<T>(sum);
        out[channels + c] = jg_from_double<T>(dot);
    }
}

// out = scale[c] * u + shift[c], then + vscale[c] * v when v is not null, in double rounded once to T; out is the
// contiguous [N, C, rest]. The per-channel vectors are strided [C] views.
template <typename T, typename View>
__device__ void channel_affine(T* out, const T* u, View uv, const T* v, View vv, const T* scale,
                               long long scale_offset, long long scale_stride, const T* vscale, long long vscale_offset,
                               long long vscale_stride, const T* shift, long long shift_offset, long long shift_stride,
                               int channels, int rest, int n) {
    FUSED_FOR_EACH(i, n) {
        unsigned c = (i / (unsigned) rest) % (unsigned) channels;
        double a = jg_convert<double>(scale[scale_offset + c * scale_stride]);
        double y = __dadd_rn(__dmul_rn(a, jg_convert<double>(u[uv.at(i)])),
                             jg_convert<double>(shift[shift_offset + c * shift_stride]));
        if (v != nullptr) {
            double b = jg_convert<double>(vscale[vscale_offset + c * vscale_stride]);
            y = __dadd_rn(y, __dmul_rn(b, jg_convert<double>(v[vv.at(i)])));
        }
        out[i] = jg_from_double<T>(y);
    }
}

#define FUSED_AFFINE_VECTORS(type)                                                                       \
    const type *scale, long long scale_offset, long long scale_stride, const type *vscale,                \
        long long vscale_offset, long long vscale_stride, const type *shift, long long shift_offset,      \
        long long shift_stride
#define FUSED_AFFINE_ARGS \
    scale, scale_offset, scale_stride, vscale, vscale_offset, vscale_stride, shift, shift_offset, shift_stride

#define FUSED_CHANNEL_KERNELS(suffix, type)                                                                   \
    extern "C" __global__ void channel_moments_##suffix(const type* x, long long x_offset, int rest,         \
                                                        int count, type* out) {                              \
        channel_moments<type>(x, ContiguousChannels{x_offset, gridDim.x, (unsigned) rest}, count, out);      \
    }                                                                                                         \
    extern "C" __global__ void channel_moments_strided_##suffix(const type* x, JgLayout xl, int count,       \
                                                                type* out) {                                 \
        channel_moments<type>(x, StridedChannels{xl, (unsigned) count}, count, out);                         \
    }                                                                                                         \
    extern "C" __global__ void channel_grad_sums_##suffix(const type* g, long long g_offset, const type* x, \
                                                          long long x_offset, const type* center,            \
                                                          long long center_offset, long long center_stride,  \
                                                          int rest, int count, type* out) {                  \
        ContiguousChannels gc{g_offset, gridDim.x, (unsigned) rest}, xc{x_offset, gridDim.x, (unsigned) rest}; \
        channel_grad_sums<type>(g, gc, x, xc, center, center_offset, center_stride, count, out);             \
    }                                                                                                         \
    extern "C" __global__ void channel_grad_sums_strided_##suffix(const type* g, JgLayout gl, const type* x, \
                                                                  JgLayout xl, const type* center,           \
                                                                  long long center_offset,                   \
                                                                  long long center_stride, int count,        \
                                                                  type* out) {                               \
        StridedChannels gc{gl, (unsigned) count}, xc{xl, (unsigned) count};                                  \
        channel_grad_sums<type>(g, gc, x, xc, center, center_offset, center_stride, count, out);             \
    }                                                                                                         \
    extern "C" __global__ void channel_affine_##suffix(type* out, const type* u, long long u_offset,         \
                                                       const type* v, long long v_offset,                    \
                                                       FUSED_AFFINE_VECTORS(type), int channels, int rest,   \
                                                       int n) {                                              \
        channel_affine<type>(out, u, ContiguousView{u_offset}, v, ContiguousView{v_offset}, FUSED_AFFINE_ARGS, \
                             channels, rest, n);                                                             \
    }                                                                                                         \
    extern "C" __global__ void channel_affine_strided_##suffix(type* out, const type* u, JgLayout ul,        \
                                                               const type* v, JgLayout vl,                   \
                                                               FUSED_AFFINE_VECTORS(type), int channels,     \
                                                               int rest, int n) {                            \
        channel_affine<type>(out, u, StridedView{ul}, v, StridedView{vl}, FUSED_AFFINE_ARGS, channels, rest, n); \
    }

JG_FOR_EACH_TYPE(FUSED_CHANNEL_KERNELS)
