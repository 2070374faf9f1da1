package io.jgrad.cuda;

/**
 * The three convolutions cuDNN runs for one {@link ConvKey}, with the operands each takes: the forward op
 * ({@code y = x * w}), the input gradient ({@code dx} from {@code w} and {@code dy}) and the weight gradient
 * ({@code dw} from {@code x} and {@code dy}).
 */
enum ConvDirection {
    FORWARD("cudnnConvolutionForward"),
    BACKWARD_DATA("cudnnConvolutionBackwardData"),
    BACKWARD_FILTER("cudnnConvolutionBackwardFilter");

    private final String call;

    ConvDirection(String call) { this.call = call; }

    /** The cuDNN function that runs it, for messages. */
    String call() { return call; }
}
