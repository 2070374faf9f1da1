// Conversions between F32 and the 16-bit formats of mixed-precision convolutions (Autocast): bfloat16 and IEEE half,
// both stored as unsigned short. F32 to 16 bits rounds to nearest, ties to even (overflow gives infinity, NaN stays a
// quiet NaN); 16 bits to F32 is exact. The bfloat16 rounding is written out on the bits (every architecture); the half
// conversions are PTX's cvt instructions (cvt.rn rounds to nearest even).

// A grid-stride loop over [0, n) with 32-bit indices (tensors hold fewer than 2^31 elements).
#define PRECISION_FOR_EACH(i, n) \
    for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < (unsigned) (n); i += blockDim.x * gridDim.x)

__device__ __forceinline__ unsigned short f32_to_bf16_bits(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (unsigned short) ((u >> 16) | 0x0040u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (unsigned short) (u >> 16);
}

__device__ __forceinline__ float bf16_bits_to_f32(unsigned short h) {
    return __uint_as_float(((unsigned int) h) << 16);
}

__device__ __forceinline__ unsigned short f32_to_f16_bits(float f) {
    unsigned short h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}

__device__ __forceinline__ float f16_bits_to_f32(unsigned short h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}

extern "C" __global__ void f32_to_bf16(const float* in, unsigned short* out, int n) {
    PRECISION_FOR_EACH(i, n) { out[i] = f32_to_bf16_bits(in[i]); }
}

extern "C" __global__ void bf16_to_f32(const unsigned short* in, float* out, int n) {
    PRECISION_FOR_EACH(i, n) { out[i] = bf16_bits_to_f32(in[i]); }
}

extern "C" __global__ void f32_to_f16(const float* in, unsigned short* out, int n) {
    PRECISION_FOR_EACH(i, n) { out[i] = f32_to_f16_bits(in[i]); }
}

extern "C" __global__ void f16_to_f32(const unsigned short* in, float* out, int n) {
    PRECISION_FOR_EACH(i, n) { out[i] = f16_bits_to_f32(in[i]); }
}
