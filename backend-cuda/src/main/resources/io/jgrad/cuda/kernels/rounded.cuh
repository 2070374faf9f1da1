// Floating-point operations rounded to nearest and never fused (a plain `a * b + c` may become one fused
// multiply-add, which rounds once instead of twice). Kernels that must give the reference backend's bits, where it
// does the same operations one by one, spell them with these.
#pragma once

__device__ __forceinline__ float jg_add(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double jg_add(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ float jg_sub(float a, float b) { return __fsub_rn(a, b); }
__device__ __forceinline__ double jg_sub(double a, double b) { return __dsub_rn(a, b); }
__device__ __forceinline__ float jg_mul(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double jg_mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ float jg_div(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ double jg_div(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ float jg_sqrt(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double jg_sqrt(double a) { return __dsqrt_rn(a); }
