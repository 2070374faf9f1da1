// Runs kernels/pool.cu on the host (PoolKernelsHostTest compiles it with g++ -ffp-contract=off): one "thread" walks
// every element (blockIdx 0, blockDim 1, gridDim 1), atomicAdd is a plain add in index order, and the intrinsics
// become the bit casts they name, so the kernels' logic can be compared with the reference backend without a GPU.
//
// Input, one request a line: OP TYPE INTS... then the data (TYPE f32 or f64; values as raw hex bits, indices decimal):
//   maxf TYPE planes h w oh ow kh kw sh sw ph pw dh dw  x[planes*h*w]                -> y line, then indices line
//   maxb TYPE planes ohw hw  g[planes*ohw] idx[planes*ohw]                             -> gx line
//   avgf TYPE planes h w oh ow kh kw sh sw ph pw include_pad  x[planes*h*w]           -> y line
//   avgb TYPE planes h w oh ow kh kw sh sw ph pw include_pad  g[planes*oh*ow]         -> gx line
//   adaf TYPE planes h w oh ow  x[planes*h*w]                                         -> y line
//   adab TYPE planes h w oh ow  g[planes*oh*ow]                                       -> gx line
#include <cstdio>
#include <cstring>
#include <vector>

#define __device__
#define __global__
#define __forceinline__ inline

struct HostDim { unsigned x; };
static const HostDim blockIdx{0}, threadIdx{0}, blockDim{1}, gridDim{1};

static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, sizeof f); return f; }
static inline double __longlong_as_double(long long l) { double d; std::memcpy(&d, &l, sizeof d); return d; }
static inline void atomicAdd(float* at, float v) { *at += v; }
static inline void atomicAdd(double* at, double v) { *at += v; }

#include "pool.cu"

template <typename T> static T read_value();
template <> float read_value<float>() {
    unsigned bits;
    std::scanf("%x", &bits);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
template <> double read_value<double>() {
    unsigned long long bits;
    std::scanf("%llx", &bits);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

static void emit(float v) { unsigned b; std::memcpy(&b, &v, sizeof b); std::printf(" %08x", b); }
static void emit(double v) { unsigned long long b; std::memcpy(&b, &v, sizeof b); std::printf(" %016llx", b); }

template <typename T> static std::vector<T> read_values(int n) {
    std::vector<T> v(n);
    for (int i = 0; i < n; i++) v[i] = read_value<T>();
    return v;
}

template <typename T> static void print_values(const std::vector<T>& v) {
    for (T x : v) emit(x);
    std::printf("\n");
}

struct Kernels32 {
    using T = float;
    static constexpr auto maxf = max_pool_forward_f32;
    static constexpr auto maxb = max_pool_backward_f32;
    static constexpr auto avgf = avg_pool_forward_f32;
    static constexpr auto avgb = avg_pool_backward_f32;
    static constexpr auto adaf = adaptive_avg_pool_forward_f32;
    static constexpr auto adab = adaptive_avg_pool_backward_f32;
};

struct Kernels64 {
    using T = double;
    static constexpr auto maxf = max_pool_forward_f64;
    static constexpr auto maxb = max_pool_backward_f64;
    static constexpr auto avgf = avg_pool_forward_f64;
    static constexpr auto avgb = avg_pool_backward_f64;
    static constexpr auto adaf = adaptive_avg_pool_forward_f64;
    static constexpr auto adab = adaptive_avg_pool_backward_f64;
};

template <typename K> static void serve(const char* op) {
    using T = typename K::T;
    int planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, inc;
    if (std::strcmp(op, "maxf") == 0) {
        std::scanf("%d %d %d %d %d %d %d %d %d %d %d %d %d", &planes, &h, &w, &oh, &ow, &kh, &kw, &sh, &sw, &ph, &pw,
                   &dh, &dw);
        std::vector<T> x = read_values<T>(planes * h * w), y(planes * oh * ow);
        std::vector<long long> idx(planes * oh * ow);
        K::maxf(x.data(), y.data(), idx.data(), planes * oh * ow, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw);
        print_values(y);
        for (long long i : idx) std::printf(" %lld", i);
        std::printf("\n");
    } else if (std::strcmp(op, "maxb") == 0) {
        int ohw, hw;
        std::scanf("%d %d %d", &planes, &ohw, &hw);
        std::vector<T> g = read_values<T>(planes * ohw), gx(planes * hw, (T) 0);
        std::vector<long long> idx(planes * ohw);
        for (long long& i : idx) std::scanf("%lld", &i);
        K::maxb(g.data(), idx.data(), gx.data(), planes * ohw, ohw, hw);
        print_values(gx);
    } else if (std::strcmp(op, "avgf") == 0 || std::strcmp(op, "avgb") == 0) {
        std::scanf("%d %d %d %d %d %d %d %d %d %d %d %d", &planes, &h, &w, &oh, &ow, &kh, &kw, &sh, &sw, &ph, &pw,
                   &inc);
        if (op[3] == 'f') {
            std::vector<T> x = read_values<T>(planes * h * w), y(planes * oh * ow);
            K::avgf(x.data(), y.data(), planes * oh * ow, h, w, oh, ow, kh, kw, sh, sw, ph, pw, inc);
            print_values(y);
        } else {
            std::vector<T> g = read_values<T>(planes * oh * ow), gx(planes * h * w);
            K::avgb(g.data(), gx.data(), planes * h * w, h, w, oh, ow, kh, kw, sh, sw, ph, pw, inc);
            print_values(gx);
        }
    } else {
        std::scanf("%d %d %d %d %d", &planes, &h, &w, &oh, &ow);
        if (op[3] == 'f') {
            std::vector<T> x = read_values<T>(planes * h * w), y(planes * oh * ow);
            K::adaf(x.data(), y.data(), planes * oh * ow, h, w, oh, ow);
            print_values(y);
        } else {
            std::vector<T> g = read_values<T>(planes * oh * ow), gx(planes * h * w);
            K::adab(g.data(), gx.data(), planes * h * w, h, w, oh, ow);
            print_values(gx);
        }
    }
}

int main() {
    char op[8], type[8];
    while (std::scanf("%7s %7s", op, type) == 2) {
        if (std::strcmp(type, "f32") == 0) serve<Kernels32>(op);
        else serve<Kernels64>(op);
        std::fflush(stdout);
    }
    return 0;
}
