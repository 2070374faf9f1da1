// Elementwise kernels: unary ops, binary ops (out of place and in place), comparisons and where, over strided and
// broadcast views, with the reference backend's semantics (io.jgrad.backend.ReferenceBackend and the op enums
// UnaryOp, BinaryOp, CompareOp):
// - floating types are computed in double and rounded once to the element type, with each op's Java formula;
// - integer types and BOOL (one byte 0/1) are computed in 64 bits with Java's long semantics (wrapping arithmetic),
//   then narrowed as Java's setLong does (low bits; BOOL is `!= 0`).
// Each op is a struct with an `apply` overload for double and, where the op is defined on integers, for long long;
// the entry points, one per op and element type, are named <family>_<op>_<type> (unary_exp_f32, binary_add_i64, ...).
//
// Every kernel takes the views of its inputs as JgLayouts of one common shape (Views.of on the Java side, simplified
// together with the output's contiguous layout), the element count n (< 2^31) and a flag `contiguous`: when every view
// is contiguous, element i of a view is at offset + i and no index arithmetic is needed.
#include "jgrad.cuh"

// ---- helpers -------------------------------------------------------------------------------------------------------

// The storage offsets, in two and three views of one shape, of the element at row-major position `linear`. The
// coordinates are found with 32-bit division (shapes and positions are below 2^31), once for all views.
__device__ __forceinline__ void ew_offsets(const JgLayout& a, const JgLayout& b, long long linear, long long& oa,
                                           long long& ob) {
    unsigned int rest = (unsigned int) linear;
    oa = a.offset;
    ob = b.offset;
    for (int d = (int) a.rank - 1; d >= 0; --d) {
        unsigned int size = (unsigned int) a.shape[d];
        unsigned int next = rest / size;
        long long coordinate = rest - next * size;
        oa += coordinate * a.strides[d];
        ob += coordinate * b.strides[d];
        rest = next;
    }
}

__device__ __forceinline__ void ew_offsets(const JgLayout& a, const JgLayout& b, const JgLayout& c, long long linear,
                                           long long& oa, long long& ob, long long& oc) {
    unsigned int rest = (unsigned int) linear;
    oa = a.offset;
    ob = b.offset;
    oc = c.offset;
    for (int d = (int) a.rank - 1; d >= 0; --d) {
        unsigned int size = (unsigned int) a.shape[d];
        unsigned int next = rest / size;
        long long coordinate = rest - next * size;
        oa += coordinate * a.strides[d];
        ob += coordinate * b.strides[d];
        oc += coordinate * c.strides[d];
        rest = next;
    }
}

// The storage offset in one view of the element at row-major position `linear` (32-bit division, as above).
__device__ __forceinline__ long long ew_offset(const JgLayout& a, long long linear) {
    unsigned int rest = (unsigned int) linear;
    long long offset = a.offset;
    for (int d = (int) a.rank - 1; d >= 0; --d) {
        unsigned int size = (unsigned int) a.shape[d];
        unsigned int next = rest / size;
        offset += (long long) (rest - next * size) * a.strides[d];
        rest = next;
    }
    return offset;
}

__device__ __forceinline__ bool ew_is_nan(double x) { return x != x; }

__device__ __forceinline__ bool ew_is_infinite(double x) {
    return fabs(x) == __longlong_as_double(0x7ff0000000000000LL);
}

__device__ __forceinline__ double ew_nan() { return __longlong_as_double(0x7ff8000000000000LL); }

// Java's long arithmetic wraps around; signed overflow in C++ is undefined, so it is done in unsigned.
__device__ __forceinline__ long long ew_add(long long x, long long y) {
    return (long long) ((unsigned long long) x + (unsigned long long) y);
}
__device__ __forceinline__ long long ew_sub(long long x, long long y) {
    return (long long) ((unsigned long long) x - (unsigned long long) y);
}
__device__ __forceinline__ long long ew_mul(long long x, long long y) {
    return (long long) ((unsigned long long) x * (unsigned long long) y);
}

// Math.pow: as C's pow except that a NaN exponent always gives NaN (C: pow(1, NaN) = 1) and so does 1 or -1 to an
// infinite power (C: 1).
__device__ __forceinline__ double ew_java_pow(double x, double y) {
    if (ew_is_nan(y)) return y;
    if ((x == 1.0 || x == -1.0) && ew_is_infinite(y)) return ew_nan();
    return pow(x, y);
}

// The error function: CUDA's double erf (documented maximum error 2 ulp), which agrees with the reference's
// SpecialFunctions.erf (a series accurate to a few ulps) to about 1e-15. erf(NaN) is NaN, erf(+-inf) is +-1.
__device__ __forceinline__ double ew_erf(double x) { return erf(x); }

// The value of an element as the reference reads it: floating types as double, the others as a 64-bit integer.
template <typename T> struct ew_wide { typedef long long type; };
template <> struct ew_wide<float> { typedef double type; };
template <> struct ew_wide<double> { typedef double type; };

// An op's result in the element type: from double by Java's (float) cast, from long by setLong's narrowing.
template <typename T> __device__ __forceinline__ T ew_narrow(double v) { return jg_from_double<T>(v); }
template <typename T> __device__ __forceinline__ T ew_narrow(long long v) { return jg_from_long<T>(v); }

// ---- unary ops (UnaryOp; a and b are the op's parameters) -----------------------------------------------------------

struct unary_neg {
    static __device__ double apply(double x, double, double) { return -x; }
    static __device__ long long apply(long long x, double, double) { return ew_sub(0, x); }
};
struct unary_abs {
    static __device__ double apply(double x, double, double) { return fabs(x); }
    static __device__ long long apply(long long x, double, double) { return x < 0 ? ew_sub(0, x) : x; }
};
// Math.signum: NaN and signed zeros come back unchanged.
struct unary_sign {
    static __device__ double apply(double x, double, double) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }
    static __device__ long long apply(long long x, double, double) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
};
struct unary_exp {
    static __device__ double apply(double x, double, double) { return exp(x); }
};
struct unary_log {
    static __device__ double apply(double x, double, double) { return log(x); }
};
struct unary_log1p {
    static __device__ double apply(double x, double, double) { return log1p(x); }
};
struct unary_sqrt {
    static __device__ double apply(double x, double, double) { return sqrt(x); }
};
struct unary_rsqrt {
    static __device__ double apply(double x, double, double) { return 1.0 / sqrt(x); }
};
struct unary_reciprocal {
    static __device__ double apply(double x, double, double) { return 1.0 / x; }
};
struct unary_square {
    static __device__ double apply(double x, double, double) { return x * x; }
    static __device__ long long apply(long long x, double, double) { return ew_mul(x, x); }
};
struct unary_erf {
    static __device__ double apply(double x, double, double) { return ew_erf(x); }
};
struct unary_sin {
    static __device__ double apply(double x, double, double) { return sin(x); }
};
struct unary_cos {
    static __device__ double apply(double x, double, double) { return cos(x); }
};
struct unary_tanh {
    static __device__ double apply(double x, double, double) { return tanh(x); }
};
// Split by sign so exp never overflows.
struct unary_sigmoid {
    static __device__ double apply(double x, double, double) {
        if (x >= 0) return 1.0 / (1.0 + exp(-x));
        double e = exp(x);
        return e / (1.0 + e);
    }
};
// NaN passes through (x <= 0 is false for it).
struct unary_relu {
    static __device__ double apply(double x, double, double) { return x <= 0 ? 0.0 : x; }
    static __device__ long long apply(long long x, double, double) { return x > 0 ? x : 0; }
};
struct unary_leaky_relu {
    static __device__ double apply(double x, double a, double) { return x > 0 ? x : a * x; }
};
struct unary_elu {
    static __device__ double apply(double x, double a, double) { return x > 0 ? x : a * expm1(x); }
};
struct unary_gelu {
    static __device__ double apply(double x, double, double) { return 0.5 * x * (1.0 + ew_erf(x / sqrt(2.0))); }
};
struct unary_gelu_tanh {
    static __device__ double apply(double x, double, double) {
        const double sqrt_2_over_pi = sqrt(2.0 / 3.141592653589793);  // SpecialFunctions.SQRT_2_OVER_PI
        return 0.5 * x * (1.0 + tanh(sqrt_2_over_pi * (x + 0.044715 * x * x * x)));
    }
};
struct unary_silu {
    static __device__ double apply(double x, double, double) { return x * unary_sigmoid::apply(x, 0, 0); }
};
// a = beta, b = the threshold above which the function is linear.
struct unary_softplus {
    static __device__ double apply(double x, double a, double b) {
        double bx = a * x;
        return bx > b ? x : log1p(exp(bx)) / a;
    }
};
struct unary_pow_scalar {
    static __device__ double apply(double x, double a, double) { return ew_java_pow(x, a); }
};
// a = lower bound, b = upper bound; a NaN bound is no bound (the comparisons with it are false). On integers, as the
// reference: the value is compared as a double and a bound that is not an integer is rounded inward.
struct unary_clamp {
    static __device__ double apply(double x, double a, double b) {
        if (ew_is_nan(x)) return x;
        if (x < a) x = a;
        if (x > b) x = b;
        return x;
    }
    static __device__ long long apply(long long x, double a, double b) {
        if ((double) x < a) x = jg_from_double<long long>(ceil(a));
        if ((double) x > b) x = jg_from_double<long long>(floor(b));
        return x;
    }
};

template <typename Op, typename T>
__device__ void ew_unary(const T* x, JgLayout xv, T* out, long long n, int contiguous, double a, double b) {
    typedef typename ew_wide<T>::type W;
    if (contiguous) {
        const T* from = x + xv.offset;
        JG_FOR_EACH_INDEX(i, n) { out[i] = ew_narrow<T>(Op::apply((W) from[i], a, b)); }
    } else {
        JG_FOR_EACH_INDEX(i, n) { out[i] = ew_narrow<T>(Op::apply((W) x[ew_offset(xv, i)], a, b)); }
    }
}

#define EW_UNARY(op, suffix, type)                                                                                     \
    extern "C" __global__ void unary_##op##_##suffix(const type* x, JgLayout xv, type* out, long long n,               \
                                                     int contiguous, double a, double b) {                             \
        ew_unary<unary_##op, type>(x, xv, out, n, contiguous, a, b);                                                   \
    }
// Ops defined on floating types only, and ops that keep integers integer (UnaryOp.keepsIntegers), on every type.
#define EW_UNARY_FLOATING(op) EW_UNARY(op, f32, float) EW_UNARY(op, f64, double)
#define EW_UNARY_EVERY_TYPE(op) \
    EW_UNARY_FLOATING(op) EW_UNARY(op, i32, int) EW_UNARY(op, i64, long long) EW_UNARY(op, u8, unsigned char)

EW_UNARY_EVERY_TYPE(neg)
EW_UNARY_EVERY_TYPE(abs)
EW_UNARY_EVERY_TYPE(sign)
EW_UNARY_FLOATING(exp)
EW_UNARY_FLOATING(log)
EW_UNARY_FLOATING(log1p)
EW_UNARY_FLOATING(sqrt)
EW_UNARY_FLOATING(rsqrt)
EW_UNARY_FLOATING(reciprocal)
EW_UNARY_EVERY_TYPE(square)
EW_UNARY_FLOATING(erf)
EW_UNARY_FLOATING(sin)
EW_UNARY_FLOATING(cos)
EW_UNARY_FLOATING(tanh)
EW_UNARY_FLOATING(sigmoid)
EW_UNARY_EVERY_TYPE(relu)
EW_UNARY_FLOATING(leaky_relu)
EW_UNARY_FLOATING(elu)
EW_UNARY_FLOATING(gelu)
EW_UNARY_FLOATING(gelu_tanh)
EW_UNARY_FLOATING(silu)
EW_UNARY_FLOATING(softplus)
EW_UNARY_FLOATING(pow_scalar)
EW_UNARY_EVERY_TYPE(clamp)

// ---- binary ops (BinaryOp) -----------------------------------------------------------------------------------------

struct binary_add {
    static __device__ double apply(double x, double y) { return x + y; }
    static __device__ long long apply(long long x, long long y) { return ew_add(x, y); }
};
struct binary_sub {
    static __device__ double apply(double x, double y) { return x - y; }
    static __device__ long long apply(long long x, long long y) { return ew_sub(x, y); }
};
struct binary_mul {
    static __device__ double apply(double x, double y) { return x * y; }
    static __device__ long long apply(long long x, long long y) { return ew_mul(x, y); }
};
// True division, on floating types only (the reference refuses integer division).
struct binary_div {
    static __device__ double apply(double x, double y) { return x / y; }
};
// On integers: by squaring (wrapping), and a negative exponent gives 1/x truncated (0 unless x is 1 or -1).
struct binary_pow {
    static __device__ double apply(double x, double y) { return ew_java_pow(x, y); }
    static __device__ long long apply(long long x, long long y) {
        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
        long long r = 1;
        for (long long base = x, e = y; e > 0; e >>= 1, base = ew_mul(base, base)) {
            if ((e & 1) == 1) r = ew_mul(r, base);
        }
        return r;
    }
};
// NaN if either is NaN; Math.min's -0.0 < 0.0 (for equal values, OR-ing the bits picks the negative zero).
struct binary_minimum {
    static __device__ double apply(double x, double y) {
        if (ew_is_nan(x) || ew_is_nan(y)) return ew_nan();
        if (x == y) return __longlong_as_double(__double_as_longlong(x) | __double_as_longlong(y));
        return x < y ? x : y;
    }
    static __device__ long long apply(long long x, long long y) { return x < y ? x : y; }
};
// NaN if either is NaN; Math.max's 0.0 > -0.0 (for equal values, AND-ing the bits picks the positive zero).
struct binary_maximum {
    static __device__ double apply(double x, double y) {
        if (ew_is_nan(x) || ew_is_nan(y)) return ew_nan();
        if (x == y) return __longlong_as_double(__double_as_longlong(x) & __double_as_longlong(y));
        return x > y ? x : y;
    }
    static __device__ long long apply(long long x, long long y) { return x > y ? x : y; }
};

// out = x op y, out contiguous.
template <typename Op, typename T>
__device__ void ew_binary(const T* x, JgLayout xv, const T* y, JgLayout yv, T* out, long long n, int contiguous) {
    typedef typename ew_wide<T>::type W;
    if (contiguous) {
        const T* xs = x + xv.offset;
        const T* ys = y + yv.offset;
        JG_FOR_EACH_INDEX(i, n) { out[i] = ew_narrow<T>(Op::apply((W) xs[i], (W) ys[i])); }
    } else {
        JG_FOR_EACH_INDEX(i, n) {
            long long xo, yo;
            ew_offsets(xv, yv, i, xo, yo);
            out[i] = ew_narrow<T>(Op::apply((W) x[xo], (W) y[yo]));
        }
    }
}

// dst = dst op y, through dst's view (which may be strided, never broadcast).
template <typename Op, typename T>
__device__ void ew_binary_inplace(T* dst, JgLayout dv, const T* y, JgLayout yv, long long n, int contiguous) {
    typedef typename ew_wide<T>::type W;
    if (contiguous) {
        T* ds = dst + dv.offset;
        const T* ys = y + yv.offset;
        JG_FOR_EACH_INDEX(i, n) { ds[i] = ew_narrow<T>(Op::apply((W) ds[i], (W) ys[i])); }
    } else {
        JG_FOR_EACH_INDEX(i, n) {
            long long d, yo;
            ew_offsets(dv, yv, i, d, yo);
            dst[d] = ew_narrow<T>(Op::apply((W) dst[d], (W) y[yo]));
        }
    }
}

#define EW_BINARY(op, suffix, type)                                                                                    \
    extern "C" __global__ void binary_##op##_##suffix(const type* x, JgLayout xv, const type* y, JgLayout yv,          \
                                                      type* out, long long n, int contiguous) {                        \
        ew_binary<binary_##op, type>(x, xv, y, yv, out, n, contiguous);                                                \
    }                                                                                                                  \
    extern "C" __global__ void binary_inplace_##op##_##suffix(type* dst, JgLayout dv, const type* y, JgLayout yv,      \
                                                              long long n, int contiguous) {                           \
        ew_binary_inplace<binary_##op, type>(dst, dv, y, yv, n, contiguous);                                           \
    }
#define EW_BINARY_FLOATING(op) EW_BINARY(op, f32, float) EW_BINARY(op, f64, double)
#define EW_BINARY_EVERY_TYPE(op) \
    EW_BINARY_FLOATING(op) EW_BINARY(op, i32, int) EW_BINARY(op, i64, long long) EW_BINARY(op, u8, unsigned char)

EW_BINARY_EVERY_TYPE(add)
EW_BINARY_EVERY_TYPE(sub)
EW_BINARY_EVERY_TYPE(mul)
EW_BINARY_FLOATING(div)
EW_BINARY_EVERY_TYPE(pow)
EW_BINARY_EVERY_TYPE(minimum)
EW_BINARY_EVERY_TYPE(maximum)

// ---- comparisons (CompareOp): floating values compared as doubles, the others as 64-bit integers; BOOL result ------

struct compare_eq { template <typename W> static __device__ bool test(W x, W y) { return x == y; } };
struct compare_ne { template <typename W> static __device__ bool test(W x, W y) { return x != y; } };
struct compare_lt { template <typename W> static __device__ bool test(W x, W y) { return x < y; } };
struct compare_le { template <typename W> static __device__ bool test(W x, W y) { return x <= y; } };
struct compare_gt { template <typename W> static __device__ bool test(W x, W y) { return x > y; } };
struct compare_ge { template <typename W> static __device__ bool test(W x, W y) { return x >= y; } };

template <typename Op, typename T>
__device__ void ew_compare(const T* x, JgLayout xv, const T* y, JgLayout yv, unsigned char* out, long long n,
                        int contiguous) {
    typedef typename ew_wide<T>::type W;
    if (contiguous) {
        const T* xs = x + xv.offset;
        const T* ys = y + yv.offset;
        JG_FOR_EACH_INDEX(i, n) { out[i] = Op::template test<W>((W) xs[i], (W) ys[i]) ? 1 : 0; }
    } else {
        JG_FOR_EACH_INDEX(i, n) {
            long long xo, yo;
            ew_offsets(xv, yv, i, xo, yo);
            out[i] = Op::template test<W>((W) x[xo], (W) y[yo]) ? 1 : 0;
        }
    }
}

#define EW_COMPARE(op, suffix, type)                                                                                   \
    extern "C" __global__ void compare_##op##_##suffix(const type* x, JgLayout xv, const type* y, JgLayout yv,         \
                                                       unsigned char* out, long long n, int contiguous) {              \
        ew_compare<compare_##op, type>(x, xv, y, yv, out, n, contiguous);                                              \
    }
#define EW_COMPARE_EVERY_TYPE(op)                                                                                      \
    EW_COMPARE(op, f32, float) EW_COMPARE(op, f64, double) EW_COMPARE(op, i32, int) EW_COMPARE(op, i64, long long)     \
    EW_COMPARE(op, u8, unsigned char)

EW_COMPARE_EVERY_TYPE(eq)
EW_COMPARE_EVERY_TYPE(ne)
EW_COMPARE_EVERY_TYPE(lt)
EW_COMPARE_EVERY_TYPE(le)
EW_COMPARE_EVERY_TYPE(gt)
EW_COMPARE_EVERY_TYPE(ge)

// ---- where: out = cond ? x : y (cond BOOL; x, y and out of one type) ------------------------------------------------

template <typename T>
__device__ void ew_where(const unsigned char* cond, JgLayout cv, const T* x, JgLayout xv, const T* y, JgLayout yv,
                         T* out, long long n, int contiguous) {
    if (contiguous) {
        const unsigned char* cs = cond + cv.offset;
        const T* xs = x + xv.offset;
        const T* ys = y + yv.offset;
        JG_FOR_EACH_INDEX(i, n) { out[i] = cs[i] != 0 ? xs[i] : ys[i]; }
    } else {
        JG_FOR_EACH_INDEX(i, n) {
            long long co, xo, yo;
            ew_offsets(cv, xv, yv, i, co, xo, yo);
            out[i] = cond[co] != 0 ? x[xo] : y[yo];
        }
    }
}

#define EW_WHERE(suffix, type)                                                                                         \
    extern "C" __global__ void where_##suffix(const unsigned char* cond, JgLayout cv, const type* x, JgLayout xv,      \
                                              const type* y, JgLayout yv, type* out, long long n, int contiguous) {    \
        ew_where<type>(cond, cv, x, xv, y, yv, out, n, contiguous);                                                    \
    }

JG_FOR_EACH_TYPE(EW_WHERE)
