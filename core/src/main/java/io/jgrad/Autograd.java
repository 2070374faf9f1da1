package io.jgrad;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradients as values, as PyTorch's {@code torch.autograd.grad}: the gradients of outputs with respect to chosen
 * tensors, returned rather than accumulated into {@code .grad()}. With {@code createGraph} the returned gradients
 * are differentiable themselves, which second-order methods and gradient penalties need:
 * <pre>{@code
 * Tensor y = model.forward(x);                                  // x.requiresGrad(true)
 * Tensor dx = Autograd.grad(y.sum(), x, true);                  // d sum(y) / dx, with its graph
 * Tensor penalty = dx.square().sum();                           // differentiable in the parameters
 * penalty.backward();
 * }</pre>
 * A Hessian-vector product {@code H v} is {@code grad(dot(grad(f, x, true), v), x, false)}.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * The gradient of a one-element {@code output} with respect to {@code input}. With {@code createGraph} the result
     * can be differentiated again and the graph is kept; without it the graph is freed.
     */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        return grad(output, List.of(input), createGraph).getFirst();
    }

    /** The gradients of a one-element {@code output} with respect to each of {@code inputs}. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        if (output.numel() != 1) {
            throw new IllegalArgumentException("grad: a gradient can only be implied for a one-element output, not shape "
                    + output.shape() + "; pass the output gradients explicitly");
        }
        return grad(List.of(output), inputs, List.of(Tensor.onesLike(output)), createGraph, createGraph, false);
    }

    /**
     * The gradients of {@code sum_i sum(outputs[i] * gradOutputs[i])} with respect to each of {@code inputs}, which
     * may be leaves or intermediate tensors; no {@code .grad()} is changed.
     *
     * @param retainGraph keep the graph so that it can be walked again (implied by {@code createGraph})
     * @param createGraph record the gradient computation, so the results are differentiable
     * @param allowUnused give null for an input the outputs do not depend on (else that is an error)
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return AutogradEngine.grad(new ArrayList<>(outputs), new ArrayList<>(gradOutputs), new ArrayList<>(inputs),
                retainGraph, createGraph, allowUnused);
    }
}
