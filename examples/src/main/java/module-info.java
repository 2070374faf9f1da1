/**
 * The jgrad command line ({@code ./jgrad}), the bundled trainers and the selector's command. The CPU backend is found at
 * run time.
 */
module io.jgrad.examples {
    requires io.jgrad.train;
    requires io.jgrad.select;
    requires info.picocli;
    // Optional: predict reads PNG images with javax.imageio when the runtime has java.desktop.
    requires static java.desktop;
    // jgrad-train's optional extras, which the command line uses: training curves as PNGs and the rich bar.
    requires org.jfree.jfreechart;
    requires me.tongfei.progressbar;

    // picocli fills the commands' @Option fields reflectively.
    opens io.jgrad.examples to info.picocli;
}
