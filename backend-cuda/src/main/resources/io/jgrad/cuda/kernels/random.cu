// Backend.random on the device: element i of a draw is lane i mod E of Philox block offset + i / E (counter modulo
// 2^64), E the distribution's elements per block, by the recipes of random_recipes.cuh. One thread per Philox block
// fills every lane that block serves; each element depends only on (seed, its block, its lane): the reference's bits.
#include "jgrad.cuh"
#include "random_recipes.cuh"

// Calls element(i, words, lane) for each of the n elements of a draw, E per Philox block, one block per step of a
// grid-stride loop (32-bit indices: n < 2^31).
template <int E, typename Element>
__device__ void jg_draw(int n, long long seed, long long offset, Element element) {
    unsigned count = (unsigned) n, blocks = (count + E - 1) / E;
    for (unsigned j = blockIdx.x * blockDim.x + threadIdx.x; j < blocks; j += blockDim.x * gridDim.x) {
        unsigned w[4];
        jg_philox_block((unsigned long long) seed, (unsigned long long) offset + j, w);
        unsigned first = j * E;
#pragma unroll
        for (int lane = 0; lane < E; ++lane) {
            if (first + lane < count) element(first + lane, w, lane);
        }
    }
}

// Uniform in [low, high): F32 four per block (one word each), F64 two per block (two words each).
extern "C" __global__ void random_uniform_f32(float* out, int n, long long seed, long long offset, double low,
                                              double high) {
    jg_draw<4>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = jg_uniform_f32(w[lane], low, high);
    });
}

extern "C" __global__ void random_uniform_f64(double* out, int n, long long seed, long long offset, double low,
                                              double high) {
    jg_draw<2>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = jg_uniform_f64(w[2 * lane], w[2 * lane + 1], low, high);
    });
}

// Normal (Box-Muller), two per block; an F32 element is the double value rounded once.
extern "C" __global__ void random_normal_f32(float* out, int n, long long seed, long long offset, double mean,
                                             double std) {
    jg_draw<2>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = __double2float_rn(jg_normal(w, lane, mean, std));
    });
}

extern "C" __global__ void random_normal_f64(double* out, int n, long long seed, long long offset, double mean,
                                             double std) {
    jg_draw<2>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = jg_normal(w, lane, mean, std);
    });
}

// Bernoulli(p) in every dtype, four per block: 1 (true) or 0 (false).
template <typename T>
__device__ void jg_random_bernoulli(T* out, int n, long long seed, long long offset, double p) {
    jg_draw<4>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = jg_bernoulli(w[lane], p) ? (T) 1 : (T) 0;
    });
}

#define JG_BERNOULLI_KERNEL(suffix, type)                                                                  \
    extern "C" __global__ void random_bernoulli_##suffix(type* out, int n, long long seed, long long offset, \
                                                         double p) {                                        \
        jg_random_bernoulli<type>(out, n, seed, offset, p);                                                 \
    }

JG_FOR_EACH_TYPE(JG_BERNOULLI_KERNEL)

// Integers in [low, high) for I32 (whose range fits an int) and I64, two per block (two words each).
extern "C" __global__ void random_integers_i32(int* out, int n, long long seed, long long offset, long long low,
                                               long long high) {
    jg_draw<2>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = (int) jg_integer(w[2 * lane], w[2 * lane + 1], low, high);
    });
}

extern "C" __global__ void random_integers_i64(long long* out, int n, long long seed, long long offset, long long low,
                                               long long high) {
    jg_draw<2>(n, seed, offset, [=](unsigned i, const unsigned* w, int lane) {
        out[i] = jg_integer(w[2 * lane], w[2 * lane + 1], low, high);
    });
}

// The raw generator, for known-answer tests: count vectors of six words in (c0, c1, c2, c3, k0, k1), four words out.
extern "C" __global__ void philox4x32_10(const unsigned* in, unsigned* out, int count) {
    for (unsigned v = blockIdx.x * blockDim.x + threadIdx.x; v < (unsigned) count; v += blockDim.x * gridDim.x) {
        const unsigned* x = in + 6 * v;
        jg_philox_words(x[0], x[1], x[2], x[3], x[4], x[5], out + 4 * v);
    }
}
