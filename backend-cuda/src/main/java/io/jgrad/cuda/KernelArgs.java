package io.jgrad.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, packed for {@code cuLaunchKernel}: each value is written, at its natural
 * alignment, into one native buffer, and {@code kernelParams} (a {@code void*[]}) points at each. Reused from launch
 * to launch ({@link #clear()}), so a launch allocates nothing native once the buffers have grown; not thread-safe
 * (one per device, used under the device's lock).
 *
 * <p>The Java calls must follow the kernel's parameter list exactly: {@code int} is {@link #i32}, {@code long long}
 * {@link #i64}, {@code float} {@link #f32}, {@code double} {@link #f64}, a pointer {@link #ptr} (a device address),
 * {@code unsigned char} {@link #u8}, and a {@code JgLayout} (see {@code kernels/jgrad.cuh}) {@link #layout}.
 */
final class KernelArgs implements AutoCloseable {
    /** The highest rank a {@code JgLayout} holds; {@code JG_MAX_RANK} in {@code kernels/jgrad.cuh}. */
    static final int MAX_RANK = 8;
    /** Bytes of a {@code JgLayout}: rank, offset, shape[MAX_RANK], strides[MAX_RANK], all {@code long long}. */
    static final int LAYOUT_BYTES = (2 + 2 * MAX_RANK) * Long.BYTES;

    private BytePointer values = new BytePointer(512);
    private LongPointer slots = new LongPointer(16);
    private int[] offsets = new int[16];
    private int count;
    private int used;

    /** Forgets the arguments, keeping the buffers. */
    KernelArgs clear() {
        count = 0;
        used = 0;
        return this;
    }

    KernelArgs i32(int value) {
        values.putInt(add(Integer.BYTES, Integer.BYTES), value);
        return this;
    }

    KernelArgs i64(long value) {
        values.putLong(add(Long.BYTES, Long.BYTES), value);
        return this;
    }

    KernelArgs f32(float value) {
        values.putFloat(add(Float.BYTES, Float.BYTES), value);
        return this;
    }

    KernelArgs f64(double value) {
        values.putDouble(add(Double.BYTES, Double.BYTES), value);
        return this;
    }

    KernelArgs u8(int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException("u8 argument out of range 0..255: " + value);
        values.put(add(1, 1), (byte) value);
        return this;
    }

    /** A device pointer (64-bit address). */
    KernelArgs ptr(long address) {
        return i64(address);
    }

    /**
     * A {@code JgLayout} by value: the view of a tensor with {@code shape} and {@code strides} (in elements) starting at
     * element {@code offset}. Dimensions past the rank are filled with size 1, stride 0.
     */
    KernelArgs layout(long offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("layout: shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("layout: rank " + shape.length + " exceeds the kernels' maximum " + MAX_RANK
                    + " (shape " + Arrays.toString(shape) + "); merge contiguous dimensions first");
        }
        int at = add(LAYOUT_BYTES, Long.BYTES);
        values.putLong(at, shape.length);
        values.putLong(at + Long.BYTES, offset);
        for (int d = 0; d < MAX_RANK; d++) {
            values.putLong(at + (2 + d) * Long.BYTES, d < shape.length ? shape[d] : 1);
            values.putLong(at + (2 + MAX_RANK + d) * Long.BYTES, d < shape.length ? strides[d] : 0);
        }
        return this;
    }

    /** Number of arguments added since {@link #clear()}. */
    int count() { return count; }

    /** The byte offset of argument {@code index} in the value buffer (for tests of the packing). */
    int offset(int index) {
        java.util.Objects.checkIndex(index, count);
        return offsets[index];
    }

    /** The value buffer (for tests of the packing). */
    BytePointer values() { return values; }

    /** The {@code void*[]} for {@code cuLaunchKernel}, pointing into the value buffer; valid until the next change. */
    LongPointer kernelParams() {
        long base = values.address();
        for (int i = 0; i < count; i++) slots.put(i, base + offsets[i]);
        return slots;
    }

    /** Reserves {@code size} bytes at the next multiple of {@code alignment} and records the argument's offset. */
    private int add(int size, int alignment) {
        int at = (used + alignment - 1) / alignment * alignment;
        ensureValues(at + size);
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            LongPointer bigger = new LongPointer(count * 2L);
            slots.close();
            slots = bigger;
        }
        offsets[count++] = at;
        used = at + size;
        return at;
    }

    private void ensureValues(long needed) {
        if (needed <= values.capacity()) return;
        BytePointer bigger = new BytePointer(Math.max(needed, values.capacity() * 2));
        org.bytedeco.javacpp.Pointer.memcpy(bigger, values, used);
        values.close();
        values = bigger;
    }

    @Override
    public void close() {
        values.close();
        slots.close();
    }
}
