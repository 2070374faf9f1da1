package io.jgrad.cuda;

/** Test helpers: Java arrays to fresh device blocks of {@code cuda:0} and back. */
final class DeviceArrays {
    private DeviceArrays() {}

    static CudaDevice device() { return Cuda.device(0); }

    static DeviceBlock upload(float[] values) {
        DeviceBlock block = device().allocator().allocate((long) Float.BYTES * values.length);
        device().copier().upload(values, 0, values.length, block.address());
        return block;
    }

    static DeviceBlock upload(double[] values) {
        DeviceBlock block = device().allocator().allocate((long) Double.BYTES * values.length);
        device().copier().upload(values, 0, values.length, block.address());
        return block;
    }

    static float[] downloadFloats(DeviceBlock block, int count) {
        float[] values = new float[count];
        device().copier().download(block.address(), values, 0, count);
        return values;
    }

    static double[] downloadDoubles(DeviceBlock block, int count) {
        double[] values = new double[count];
        device().copier().download(block.address(), values, 0, count);
        return values;
    }

    static void free(DeviceBlock... blocks) {
        for (DeviceBlock block : blocks) device().allocator().free(block);
    }
}
