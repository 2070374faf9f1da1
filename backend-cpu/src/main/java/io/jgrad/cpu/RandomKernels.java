package io.jgrad.cpu;

import io.jgrad.DType;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.Philox;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.RandomDistribution.Bernoulli;
import io.jgrad.backend.RandomDistribution.Integers;
import io.jgrad.backend.RandomDistribution.Normal;
import io.jgrad.backend.RandomDistribution.Uniform;
import io.jgrad.cpu.threads.Parallel;

/**
 * {@link io.jgrad.backend.Backend#random} on the CPU: one Philox block per step, filling every lane it serves, split
 * by blocks over the thread team. Each element depends only on its block and lane, so the values are those of the
 * reference backend's element-by-element loop, whatever the thread count.
 */
final class RandomKernels {
    /** Element-operations per Philox block (ten rounds of two multiplies), and per normal (a log, a sine). */
    private static final long BLOCK_WORK = 16, NORMAL_WORK = 64;

    private RandomKernels() {}

    /** Fills blocks [from, to) of a draw into the array; {@code first} and {@code count} bound each block's lanes. */
    @FunctionalInterface
    private interface BlockFill {
        void fill(int[] words, int first, int count);
    }

    static HostStorage draw(RandomDistribution d, DType dtype, int length, long seed, long offset) {
        HostStorage out = HostStorage.allocate(dtype, length);
        int perBlock = d.elementsPerBlock(dtype);
        BlockFill fill = switch (d) {
            case Uniform u when dtype == DType.F32 -> uniformF32(u, out.floats());
            case Uniform u -> uniformF64(u, out.doubles());
            case Normal n -> normal(n, out);
            case Bernoulli b -> bernoulli(b, out);
            case Integers r -> integers(r, out);
        };
        int blocks = (int) d.blocks(dtype, length);
        long work = d instanceof Normal ? NORMAL_WORK * perBlock : BLOCK_WORK;
        Parallel.forRange(blocks, work, (from, to) -> {
            int[] words = new int[4];
            for (int j = from; j < to; j++) {
                Philox.block(seed, offset + j, words);
                int first = j * perBlock;
                fill.fill(words, first, Math.min(perBlock, length - first));
            }
        });
        return out;
    }

    private static BlockFill uniformF32(Uniform u, float[] out) {
        return (w, first, count) -> {
            for (int lane = 0; lane < count; lane++) out[first + lane] = u.f32(w[lane]);
        };
    }

    private static BlockFill uniformF64(Uniform u, double[] out) {
        return (w, first, count) -> {
            for (int lane = 0; lane < count; lane++) out[first + lane] = u.f64(w[2 * lane], w[2 * lane + 1]);
        };
    }

    private static BlockFill normal(Normal n, HostStorage out) {
        if (out.dtype() == DType.F32) {
            float[] o = out.floats();
            return (w, first, count) -> {
                for (int lane = 0; lane < count; lane++) {
                    o[first + lane] = (float) n.value(w[0], w[1], w[2], w[3], lane);
                }
            };
        }
        double[] o = out.doubles();
        return (w, first, count) -> {
            for (int lane = 0; lane < count; lane++) o[first + lane] = n.value(w[0], w[1], w[2], w[3], lane);
        };
    }

    private static BlockFill bernoulli(Bernoulli b, HostStorage out) {
        return switch (out.dtype()) {
            case F32 -> {
                float[] o = out.floats();
                yield (w, first, count) -> {
                    for (int lane = 0; lane < count; lane++) o[first + lane] = b.test(w[lane]) ? 1f : 0f;
                };
            }
            case F64 -> {
                double[] o = out.doubles();
                yield (w, first, count) -> {
                    for (int lane = 0; lane < count; lane++) o[first + lane] = b.test(w[lane]) ? 1 : 0;
                };
            }
            case I32 -> {
                int[] o = out.ints();
                yield (w, first, count) -> {
                    for (int lane = 0; lane < count; lane++) o[first + lane] = b.test(w[lane]) ? 1 : 0;
                };
            }
            case I64 -> {
                long[] o = out.longs();
                yield (w, first, count) -> {
                    for (int lane = 0; lane < count; lane++) o[first + lane] = b.test(w[lane]) ? 1 : 0;
                };
            }
            case BOOL -> {
                boolean[] o = out.bools();
                yield (w, first, count) -> {
                    for (int lane = 0; lane < count; lane++) o[first + lane] = b.test(w[lane]);
                };
            }
        };
    }

    private static BlockFill integers(Integers r, HostStorage out) {
        if (out.dtype() == DType.I32) {
            int[] o = out.ints();
            return (w, first, count) -> {
                for (int lane = 0; lane < count; lane++) o[first + lane] = (int) r.value(w[2 * lane], w[2 * lane + 1]);
            };
        }
        long[] o = out.longs();
        return (w, first, count) -> {
            for (int lane = 0; lane < count; lane++) o[first + lane] = r.value(w[2 * lane], w[2 * lane + 1]);
        };
    }
}
