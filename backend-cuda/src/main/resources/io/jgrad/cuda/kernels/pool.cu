// Pooling over contiguous NCHW planes ([planes, H, W], planes = N * C), written as the reference backend's loops
// (ReferenceConvLoops) so that results agree with it: max pooling keeps the first maximum (a NaN counts as the
// maximum) and its position ih * W + iw within the plane, with dilation and ceil mode; average pooling sums in double
// in the reference's order and divides by the reference's divisor (count_include_pad, windows clipped at the padded
// edge in ceil mode); adaptive average pooling uses windows [floor(i*H/oh), ceil((i+1)*H/oh)). The average
// gradients gather, per input element, the shares of the windows that cover it in the reference's order (ascending
// output row, then column), so they match the reference's scatter exactly. Max pooling's gradient scatters with
// atomics (the indices alone do not say which windows cover an element). Index math is 32-bit: tensors hold fewer
// than 2^31 elements.
#include "jgrad.cuh"

#define POOL_FOR_EACH(i, n) \
    for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned) (n); i += blockDim.x * gridDim.x)

__device__ __forceinline__ float pool_minus_infinity(float) { return __int_as_float((int) 0xff800000u); }
__device__ __forceinline__ double pool_minus_infinity(double) {
    return __longlong_as_double((long long) 0xfff0000000000000ULL);
}

__device__ __forceinline__ int pool_min(int a, int b) { return a < b ? a : b; }
__device__ __forceinline__ int pool_max(int a, int b) { return a > b ? a : b; }

__device__ __forceinline__ void pool_add(float* at, float v) { atomicAdd(at, v); }
__device__ __forceinline__ void pool_add(double* at, double v) { atomicAdd(at, v); }

// y and indices [planes, oh, ow] from x [planes, h, w].
template <typename T>
__device__ void max_pool_forward(const T* x, T* y, long long* indices, int total, int h, int w, int oh, int ow,
                                 int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
    POOL_FOR_EACH(k, total) {
        unsigned j = k % (unsigned) ow, r = k / (unsigned) ow;
        unsigned i = r % (unsigned) oh, q = r / (unsigned) oh;
        const T* plane = x + (long long) q * h * w;
        T best = pool_minus_infinity(T());
        long long at = -1;
        for (int u = 0; u < kh; u++) {
            int ih = (int) i * sh - ph + u * dh;
            if (ih < 0 || ih >= h) continue;
            for (int v = 0; v < kw; v++) {
                int iw = (int) j * sw - pw + v * dw;
                if (iw < 0 || iw >= w) continue;
                T val = plane[ih * w + iw];
                if (at < 0 || val > best || (val != val && best == best)) {
                    best = val;
                    at = (long long) ih * w + iw;
                }
            }
        }
        y[k] = best;
        indices[k] = at;
    }
}

// gx [planes, hw] (zeroed) += g [planes, ohw] at each window's index.
template <typename T>
__device__ void max_pool_backward(const T* g, const long long* indices, T* gx, int total, int ohw, int hw) {
    POOL_FOR_EACH(k, total) {
        long long at = indices[k];
        if (at >= 0 && at < hw) pool_add(gx + (long long) (k / (unsigned) ohw) * hw + at, g[k]);
    }
}

// The divisor of the window starting at (hs, ws) in padded coordinates (ReferenceConvLoops.avgDivisor).
__device__ __forceinline__ int avg_divisor(int hs, int ws, int h, int w, int kh, int kw, int ph, int pw,
                                           int include_pad) {
    int he = pool_min(hs + kh, h + ph), we = pool_min(ws + kw, w + pw);
    if (include_pad) return (he - hs) * (we - ws);
    return (pool_min(he, h) - pool_max(hs, 0)) * (pool_min(we, w) - pool_max(ws, 0));
}

template <typename T>
__device__ void avg_pool_forward(const T* x, T* y, int total, int h, int w, int oh, int ow, int kh, int kw, int sh,
                                 int sw, int ph, int pw, int include_pad) {
    POOL_FOR_EACH(k, total) {
        unsigned j = k % (unsigned) ow, r = k / (unsigned) ow;
        unsigned i = r % (unsigned) oh, q = r / (unsigned) oh;
        const T* plane = x + (long long) q * h * w;
        int hs = (int) i * sh - ph, ws = (int) j * sw - pw;
        double acc = 0;
        for (int ih = pool_max(hs, 0); ih < pool_min(hs + kh, h); ih++) {
            for (int iw = pool_max(ws, 0); iw < pool_min(ws + kw, w); iw++) acc += (double) plane[ih * w + iw];
        }
        y[k] = (T) (acc / (double) avg_divisor(hs, ws, h, w, kh, kw, ph, pw, include_pad));
    }
}

// The first output index whose window [o * s - p, o * s - p + k) covers `at`, and the last (clamped to [0, out)).
__device__ __forceinline__ int first_cover(int at, int k, int s, int p) {
    int from = at + p - k + 1;
    return from <= 0 ? 0 : (from + s - 1) / s;
}

__device__ __forceinline__ int last_cover(int at, int s, int p, int out) { return pool_min((at + p) / s, out - 1); }

template <typename T>
__device__ void avg_pool_backward(const T* g, T* gx, int total, int h, int w, int oh, int ow, int kh, int kw, int sh,
                                  int sw, int ph, int pw, int include_pad) {
    POOL_FOR_EACH(k, total) {
        unsigned iw = k % (unsigned) w, r = k / (unsigned) w;
        unsigned ih = r % (unsigned) h, q = r / (unsigned) h;
        const T* plane = g + (long long) q * oh * ow;
        int i0 = first_cover((int) ih, kh, sh, ph), i1 = last_cover((int) ih, sh, ph, oh);
        int j0 = first_cover((int) iw, kw, sw, pw), j1 = last_cover((int) iw, sw, pw, ow);
        double acc = 0;
        for (int i = i0; i <= i1; i++) {
            for (int j = j0; j <= j1; j++) {
                int divisor = avg_divisor(i * sh - ph, j * sw - pw, h, w, kh, kw, ph, pw, include_pad);
                acc += (double) plane[i * ow + j] / (double) divisor;
            }
        }
        gx[k] = (T) acc;
    }
}

__device__ __forceinline__ int adaptive_start(int i, int in, int out) { return (int) ((long long) i * in / out); }

__device__ __forceinline__ int adaptive_end(int i, int in, int out) {
    return (int) (((long long) (i + 1) * in + out - 1) / out);
}

template <typename T>
__device__ void adaptive_avg_pool_forward(const T* x, T* y, int total, int h, int w, int oh, int ow) {
    POOL_FOR_EACH(k, total) {
        unsigned j = k % (unsigned) ow, r = k / (unsigned) ow;
        unsigned i = r % (unsigned) oh, q = r / (unsigned) oh;
        const T* plane = x + (long long) q * h * w;
        int h0 = adaptive_start((int) i, h, oh), h1 = adaptive_end((int) i, h, oh);
        int w0 = adaptive_start((int) j, w, ow), w1 = adaptive_end((int) j, w, ow);
        double acc = 0;
        for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) acc += (double) plane[ih * w + iw];
        }
        y[k] = (T) (acc / (double) ((h1 - h0) * (w1 - w0)));
    }
}

// Windows are ordered: starts and ends never decrease with i, so the covering ones are one run of indices.
template <typename T>
__device__ void adaptive_avg_pool_backward(const T* g, T* gx, int total, int h, int w, int oh, int ow) {
    POOL_FOR_EACH(k, total) {
        unsigned iw = k % (unsigned) w, r = k / (unsigned) w;
        unsigned ih = r % (unsigned) h, q = r / (unsigned) h;
        const T* plane = g + (long long) q * oh * ow;
        double acc = 0;
        for (int i = 0; i < oh; i++) {
            int h0 = adaptive_start(i, h, oh), h1 = adaptive_end(i, h, oh);
            if (h1 <= (int) ih) continue;
            if (h0 > (int) ih) break;
            for (int j = 0; j < ow; j++) {
                int w0 = adaptive_start(j, w, ow), w1 = adaptive_end(j, w, ow);
                if (w1 <= (int) iw) continue;
                if (w0 > (int) iw) break;
                acc += (double) plane[i * ow + j] / (double) ((h1 - h0) * (w1 - w0));
            }
        }
        gx[k] = (T) acc;
    }
}

#define POOL_ENTRY_POINTS(suffix, type)                                                                                \
    extern "C" __global__ void max_pool_forward_##suffix(const type* x, type* y, long long* indices, int total,        \
                                                          int h, int w, int oh, int ow, int kh, int kw, int sh,        \
                                                          int sw, int ph, int pw, int dh, int dw) {                    \
        max_pool_forward<type>(x, y, indices, total, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw);                    \
    }                                                                                                                  \
    extern "C" __global__ void max_pool_backward_##suffix(const type* g, const long long* indices, type* gx,           \
                                                           int total, int ohw, int hw) {                               \
        max_pool_backward<type>(g, indices, gx, total, ohw, hw);                                                       \
    }                                                                                                                  \
    extern "C" __global__ void avg_pool_forward_##suffix(const type* x, type* y, int total, int h, int w, int oh,      \
                                                          int ow, int kh, int kw, int sh, int sw, int ph, int pw,      \
                                                          int include_pad) {                                           \
        avg_pool_forward<type>(x, y, total, h, w, oh, ow, kh, kw, sh, sw, ph, pw, include_pad);                        \
    }                                                                                                                  \
    extern "C" __global__ void avg_pool_backward_##suffix(const type* g, type* gx, int total, int h, int w, int oh,    \
                                                           int ow, int kh, int kw, int sh, int sw, int ph, int pw,     \
                                                           int include_pad) {                                          \
        avg_pool_backward<type>(g, gx, total, h, w, oh, ow, kh, kw, sh, sw, ph, pw, include_pad);                      \
    }                                                                                                                  \
    extern "C" __global__ void adaptive_avg_pool_forward_##suffix(const type* x, type* y, int total, int h,            \
                                                                   int w, int oh, int ow) {                            \
        adaptive_avg_pool_forward<type>(x, y, total, h, w, oh, ow);                                                    \
    }                                                                                                                  \
    extern "C" __global__ void adaptive_avg_pool_backward_##suffix(const type* g, type* gx, int total, int h,          \
                                                                    int w, int oh, int ow) {                           \
        adaptive_avg_pool_backward<type>(g, gx, total, h, w, oh, ow);                                                  \
    }

POOL_ENTRY_POINTS(f32, float)
POOL_ENTRY_POINTS(f64, double)
