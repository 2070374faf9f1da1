package io.jgrad.cuda;

import io.jgrad.DType;
import io.jgrad.Device;
import io.jgrad.Layout;
import io.jgrad.Shape;
import io.jgrad.backend.AdamStep;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BinaryOp;
import io.jgrad.backend.CompareOp;
import io.jgrad.backend.Conv2dParams;
import io.jgrad.backend.HostStorage;
import io.jgrad.backend.MaxPool2dResult;
import io.jgrad.backend.Pool2dParams;
import io.jgrad.backend.RandomDistribution;
import io.jgrad.backend.ReduceOp;
import io.jgrad.backend.Storage;
import io.jgrad.backend.UnaryOp;

/**
 * jgrad's backend for one CUDA device: every SPI primitive as an NVRTC-compiled kernel on the device's stream, GEMMs
 * through cuBLAS, and the fused ops the CPU backend has (linear, linear+ReLU, ReLU backward, Adam, batch
 * normalization's channel ops), convolutions through cuDNN when it is installed ({@link ConvolutionOps}; otherwise,
 * and for what cuDNN does not take, the SPI's default compositions of these primitives on the device) and pooling as
 * kernels of its own ({@link PoolingOps}). Each kernel family lives in its own class with its own
 * {@code kernels/*.cu} source; this class only routes, under the device's lock (a device's kernel arguments and
 * handles are used by one thread at a time).
 *
 * <p>Results are computed the way the reference backend computes them (floating-point ops in double for F32 and F64,
 * integers in 64 bits), so they agree with it to rounding; see each family for what differs.
 */
final class CudaBackend implements Backend {
    private final CudaDevice device;
    private final Device id;
    private final Transfers transfers;
    private final ElementwiseOps elementwise;
    private final ReductionOps reductions;
    private final IndexOps indexing;
    private final MatmulOps matmul;
    private final FusedOps fused;
    private final RandomKernels random;
    /** Null when cuDNN is not used: convolutions then run the SPI's compositions. */
    private final ConvolutionOps convolution;
    private final PoolingOps pooling;

    /** The backend of {@code device}, with cuDNN when the probe found it. */
    CudaBackend(CudaDevice device) { this(device, Cuda.status().cudnn().available()); }

    /** The backend of {@code device}; with {@code useCudnn} false, convolutions are composed (tests compare both). */
    CudaBackend(CudaDevice device, boolean useCudnn) {
        this.device = device;
        this.id = Device.cuda(device.context().ordinal());
        this.transfers = new Transfers(device);
        this.elementwise = new ElementwiseOps(device, transfers);
        this.reductions = new ReductionOps(device, transfers);
        this.indexing = new IndexOps(device, transfers);
        this.matmul = new MatmulOps(device, transfers);
        this.fused = new FusedOps(device, transfers);
        this.random = new RandomKernels(device);
        this.convolution = useCudnn ? new ConvolutionOps(device, transfers) : null;
        this.pooling = new PoolingOps(device, transfers);
    }

    @Override public String name() { return "cuda"; }

    @Override public Device device() { return id; }

    // ---- memory -------------------------------------------------------------------------------------------------

    @Override
    public Storage allocate(DType dtype, int length) {
        synchronized (device) { return transfers.zeros(dtype, length); }
    }

    @Override
    public Storage upload(HostStorage host) {
        synchronized (device) { return transfers.upload(host); }
    }

    @Override
    public HostStorage download(Storage storage) {
        synchronized (device) { return transfers.download(CudaStorage.of(storage, device)); }
    }

    @Override
    public Storage full(DType dtype, int length, double value) {
        synchronized (device) { return transfers.full(dtype, length, value); }
    }

    @Override
    public Storage copy(Storage src, Layout srcLayout, DType dtype) {
        synchronized (device) { return transfers.copy(cuda(src), srcLayout, dtype); }
    }

    @Override
    public void assign(Storage dst, Layout dstLayout, Storage src, Layout srcLayout) {
        synchronized (device) { transfers.assign(cuda(dst), dstLayout, cuda(src), srcLayout); }
    }

    @Override
    public void synchronize() {
        synchronized (device) { device.context().synchronize(); }
    }

    // ---- elementwise --------------------------------------------------------------------------------------------

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout xLayout, double a, double b) {
        synchronized (device) { return elementwise.unary(op, cuda(x), xLayout, a, b); }
    }

    @Override
    public Storage binary(BinaryOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        synchronized (device) { return elementwise.binary(op, cuda(x), xLayout, cuda(y), yLayout); }
    }

    @Override
    public void binaryInPlace(BinaryOp op, Storage dst, Layout dstLayout, Storage y, Layout yLayout) {
        synchronized (device) { elementwise.binaryInPlace(op, cuda(dst), dstLayout, cuda(y), yLayout); }
    }

    @Override
    public Storage compare(CompareOp op, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        synchronized (device) { return elementwise.compare(op, cuda(x), xLayout, cuda(y), yLayout); }
    }

    @Override
    public Storage where(Storage cond, Layout condLayout, Storage x, Layout xLayout, Storage y, Layout yLayout) {
        synchronized (device) { return elementwise.where(cuda(cond), condLayout, cuda(x), xLayout, cuda(y), yLayout); }
    }

    // ---- reductions ---------------------------------------------------------------------------------------------

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout xLayout, boolean[] axes) {
        synchronized (device) { return reductions.reduce(op, cuda(x), xLayout, axes); }
    }

    @Override
    public Storage argReduce(boolean max, Storage x, Layout xLayout, int axis) {
        synchronized (device) { return reductions.argReduce(max, cuda(x), xLayout, axis); }
    }

    @Override
    public Storage softmax(Storage x, Layout xLayout, int axis, boolean log) {
        synchronized (device) { return reductions.softmax(cuda(x), xLayout, axis, log); }
    }

    // ---- linear algebra -----------------------------------------------------------------------------------------

    @Override
    public Storage matmul(Storage a, Layout aLayout, Storage b, Layout bLayout) {
        synchronized (device) { return matmul.matmul(cuda(a), aLayout, cuda(b), bLayout); }
    }

    @Override
    public Storage linear(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        synchronized (device) { return matmul.linear(cuda(x), xLayout, cuda(w), wLayout, cudaOrNull(b), bLayout, false); }
    }

    @Override
    public Storage linearRelu(Storage x, Layout xLayout, Storage w, Layout wLayout, Storage b, Layout bLayout) {
        synchronized (device) { return matmul.linear(cuda(x), xLayout, cuda(w), wLayout, cudaOrNull(b), bLayout, true); }
    }

    // ---- indexing -----------------------------------------------------------------------------------------------

    @Override
    public Storage indexSelect(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        synchronized (device) { return indexing.indexSelect(cuda(x), xLayout, axis, cuda(index), indexLayout); }
    }

    @Override
    public Storage gather(Storage x, Layout xLayout, int axis, Storage index, Layout indexLayout) {
        synchronized (device) { return indexing.gather(cuda(x), xLayout, axis, cuda(index), indexLayout); }
    }

    @Override
    public void scatterAdd(Storage dst, Layout dstLayout, int axis, Storage index, Layout indexLayout, Storage src, Layout srcLayout) {
        synchronized (device) { indexing.scatterAdd(cuda(dst), dstLayout, axis, cuda(index), indexLayout, cuda(src), srcLayout); }
    }

    // ---- fused ops ----------------------------------------------------------------------------------------------

    @Override
    public Storage reluBackward(Storage grad, Layout gLayout, Storage x, Layout xLayout) {
        synchronized (device) { return fused.reluBackward(cuda(grad), gLayout, cuda(x), xLayout); }
    }

    @Override
    public void adamUpdate(AdamStep s, Storage p, Layout pLayout, Storage g, Layout gLayout,
                           Storage m, Layout mLayout, Storage v, Layout vLayout) {
        synchronized (device) { fused.adamUpdate(s, cuda(p), pLayout, cuda(g), gLayout, cuda(m), mLayout, cuda(v), vLayout); }
    }

    @Override
    public Storage channelMoments(Storage x, Layout xLayout) {
        synchronized (device) { return fused.channelMoments(cuda(x), xLayout); }
    }

    @Override
    public Storage channelGradSums(Storage g, Layout gLayout, Storage x, Layout xLayout, Storage center, Layout centerLayout) {
        synchronized (device) { return fused.channelGradSums(cuda(g), gLayout, cuda(x), xLayout, cuda(center), centerLayout); }
    }

    @Override
    public Storage channelAffine(Storage u, Layout uLayout, Storage scale, Layout scaleLayout, Storage v, Layout vLayout,
                                 Storage vScale, Layout vScaleLayout, Storage shift, Layout shiftLayout) {
        synchronized (device) {
            return fused.channelAffine(cuda(u), uLayout, cuda(scale), scaleLayout, cudaOrNull(v), vLayout,
                    cudaOrNull(vScale), vScaleLayout, cuda(shift), shiftLayout);
        }
    }

    // ---- convolution (cuDNN, else the SPI's composition) and pooling ---------------------------------------------

    @Override
    public Storage conv2d(Storage x, Layout xLayout, Storage w, Layout wLayout, Conv2dParams p) {
        synchronized (device) {
            Storage y = convolution == null ? null : convolution.conv2d(cuda(x), xLayout, cuda(w), wLayout, p);
            return y != null ? y : Backend.super.conv2d(x, xLayout, w, wLayout, p);
        }
    }

    @Override
    public Storage conv2dBackwardInput(Storage gradOut, Layout gLayout, Storage w, Layout wLayout, Shape inputShape,
                                       Conv2dParams p) {
        synchronized (device) {
            Storage gx = convolution == null ? null
                    : convolution.conv2dBackwardInput(cuda(gradOut), gLayout, cuda(w), wLayout, inputShape, p);
            return gx != null ? gx : Backend.super.conv2dBackwardInput(gradOut, gLayout, w, wLayout, inputShape, p);
        }
    }

    @Override
    public Storage conv2dBackwardWeight(Storage gradOut, Layout gLayout, Storage x, Layout xLayout, Shape weightShape,
                                        Conv2dParams p) {
        synchronized (device) {
            Storage gw = convolution == null ? null
                    : convolution.conv2dBackwardWeight(cuda(gradOut), gLayout, cuda(x), xLayout, weightShape, p);
            return gw != null ? gw : Backend.super.conv2dBackwardWeight(gradOut, gLayout, x, xLayout, weightShape, p);
        }
    }

    @Override
    public MaxPool2dResult maxPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        synchronized (device) {
            MaxPool2dResult r = pooling.maxPool2d(cuda(x), xLayout, p);
            return r != null ? r : Backend.super.maxPool2d(x, xLayout, p);
        }
    }

    @Override
    public Storage maxPool2dBackward(Storage gradOut, Layout gLayout, Storage indices, Layout indicesLayout,
                                     Shape inputShape) {
        synchronized (device) {
            Storage gx = pooling.maxPool2dBackward(cuda(gradOut), gLayout, cuda(indices), indicesLayout, inputShape);
            return gx != null ? gx
                    : Backend.super.maxPool2dBackward(gradOut, gLayout, indices, indicesLayout, inputShape);
        }
    }

    @Override
    public Storage avgPool2d(Storage x, Layout xLayout, Pool2dParams p) {
        synchronized (device) {
            Storage y = pooling.avgPool2d(cuda(x), xLayout, p);
            return y != null ? y : Backend.super.avgPool2d(x, xLayout, p);
        }
    }

    @Override
    public Storage avgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape, Pool2dParams p) {
        synchronized (device) {
            Storage gx = pooling.avgPool2dBackward(cuda(gradOut), gLayout, inputShape, p);
            return gx != null ? gx : Backend.super.avgPool2dBackward(gradOut, gLayout, inputShape, p);
        }
    }

    @Override
    public Storage adaptiveAvgPool2d(Storage x, Layout xLayout, int outH, int outW) {
        synchronized (device) {
            Storage y = pooling.adaptiveAvgPool2d(cuda(x), xLayout, outH, outW);
            return y != null ? y : Backend.super.adaptiveAvgPool2d(x, xLayout, outH, outW);
        }
    }

    @Override
    public Storage adaptiveAvgPool2dBackward(Storage gradOut, Layout gLayout, Shape inputShape) {
        synchronized (device) {
            Storage gx = pooling.adaptiveAvgPool2dBackward(cuda(gradOut), gLayout, inputShape);
            return gx != null ? gx : Backend.super.adaptiveAvgPool2dBackward(gradOut, gLayout, inputShape);
        }
    }

    // ---- random numbers -----------------------------------------------------------------------------------------

    @Override
    public Storage random(RandomDistribution distribution, DType dtype, int length, long seed, long offset) {
        synchronized (device) { return random.draw(distribution, dtype, length, seed, offset); }
    }

    private CudaStorage cuda(Storage s) { return CudaStorage.of(s, device); }

    private CudaStorage cudaOrNull(Storage s) { return s == null ? null : CudaStorage.of(s, device); }

    @Override
    public String toString() { return "CudaBackend(" + id + ", " + device.context().info().name() + ")"; }
}
