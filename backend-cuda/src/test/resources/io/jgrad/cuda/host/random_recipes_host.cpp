// Runs kernels/random_recipes.cuh on the host (RandomRecipesHostTest compiles it with g++ -ffp-contract=off): the
// CUDA intrinsics it calls become the IEEE operations they name, so the recipes' port can be compared bit for bit
// with the reference backend without a GPU. The draw loop is random.cu's jg_draw, written sequentially.
//
// Input, one request a line:
//   philox c0 c1 c2 c3 k0 k1                  (hex words)        -> the four words
//   uniform|normal|bernoulli|integers TYPE SEED OFFSET LENGTH A B  -> the draw's elements
// TYPE is f32, f64, i32, i64 or u8; SEED, OFFSET decimal; A and B the parameters as hex bits (doubles) or, for
// integers, decimal longs (bernoulli ignores B). Output: one line per request, each element's bits in hex (a float's
// 32 raw bits, a double's 64, an integer's value as 64 bits).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define __device__
#define __forceinline__ inline

static inline double __dadd_rn(double a, double b) { return a + b; }
static inline double __dsub_rn(double a, double b) { return a - b; }
static inline double __dmul_rn(double a, double b) { return a * b; }
static inline double __ddiv_rn(double a, double b) { return a / b; }
static inline double __dsqrt_rn(double a) { return std::sqrt(a); }
static inline double __ull2double_rn(unsigned long long v) { return (double) v; }
static inline float __double2float_rn(double d) { return (float) d; }
static inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned) (((unsigned long long) a * b) >> 32); }
static inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long) (((unsigned __int128) a * b) >> 64);
}
static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, sizeof f); return f; }
static inline int __float_as_int(float f) { int i; std::memcpy(&i, &f, sizeof i); return i; }
static inline double __longlong_as_double(long long l) { double d; std::memcpy(&d, &l, sizeof d); return d; }
static inline long long __double_as_longlong(double d) { long long l; std::memcpy(&l, &d, sizeof l); return l; }
using std::rint;

#include "random_recipes.cuh"

static double from_bits(unsigned long long bits) { return __longlong_as_double((long long) bits); }

static void emit(float v) { std::printf(" %08x", (unsigned) __float_as_int(v)); }
static void emit(double v) { std::printf(" %016llx", (unsigned long long) __double_as_longlong(v)); }
static void emit_long(long long v) { std::printf(" %016llx", (unsigned long long) v); }

int main() {
    char kind[16], type[8];
    while (std::scanf("%15s", kind) == 1) {
        if (std::strcmp(kind, "philox") == 0) {
            unsigned x[6], w[4];
            for (unsigned& word : x) std::scanf("%x", &word);
            jg_philox_words(x[0], x[1], x[2], x[3], x[4], x[5], w);
            for (unsigned word : w) std::printf(" %08x", word);
            std::printf("\n");
            continue;
        }
        long long seed, offset;
        int n;
        char a[24], b[24];
        std::scanf("%7s %lld %lld %d %23s %23s", type, &seed, &offset, &n, a, b);
        bool f32 = std::strcmp(type, "f32") == 0;
        bool integers = std::strcmp(kind, "integers") == 0;
        int perBlock = std::strcmp(kind, "bernoulli") == 0 || (std::strcmp(kind, "uniform") == 0 && f32) ? 4 : 2;
        double da = integers ? 0 : from_bits(std::strtoull(a, nullptr, 16));
        double db = integers ? 0 : from_bits(std::strtoull(b, nullptr, 16));
        long long la = integers ? std::strtoll(a, nullptr, 10) : 0, lb = integers ? std::strtoll(b, nullptr, 10) : 0;
        for (long long i = 0; i < n; ++i) {
            unsigned w[4];
            jg_philox_block((unsigned long long) seed, (unsigned long long) offset + (unsigned long long) (i / perBlock), w);
            int lane = (int) (i % perBlock);
            if (std::strcmp(kind, "uniform") == 0) {
                if (f32) emit(jg_uniform_f32(w[lane], da, db));
                else emit(jg_uniform_f64(w[2 * lane], w[2 * lane + 1], da, db));
            } else if (std::strcmp(kind, "normal") == 0) {
                double v = jg_normal(w, lane, da, db);
                if (f32) emit(__double2float_rn(v));
                else emit(v);
            } else if (std::strcmp(kind, "bernoulli") == 0) {
                bool one = jg_bernoulli(w[lane], da);
                if (f32) emit(one ? 1.0f : 0.0f);
                else if (std::strcmp(type, "f64") == 0) emit(one ? 1.0 : 0.0);
                else emit_long(one ? 1 : 0);
            } else {
                long long v = jg_integer(w[2 * lane], w[2 * lane + 1], la, lb);
                emit_long(std::strcmp(type, "i32") == 0 ? (long long) (int) v : v);
            }
        }
        std::printf("\n");
    }
    return 0;
}
