import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Alternates training steps of two jgrad builds in one JVM, each build in its own class loader, so that the machine's
 * drift (large on shared machines) hits both alike: after a warm-up, {@code -Drounds} rounds (default 100) of
 * {@code -Dsec} seconds (default 0.3) of each, the order flipped every round. Prints each build's steps a second and
 * the geometric mean of the per-round ratios B/A with a 95 % interval. That interval covers this run only: each class
 * loader's code is compiled anew in every run, and the JIT's outcome can move a build by a few percent between runs,
 * so repeat a comparison before trusting a small difference.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Djgrad.threads=2 -cp <dir> StepAB
 * <stepClassDir> <jarA>,<jarB>}; {@code -Dstep=<class>} names the step ({@code TransformerStep} by default), and
 * {@code -Dabprops=<key>=<value>;<key>=<value>} sets a system property before each build's first step (A's, then B's).
 */
public class StepAB {
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || args[1].split(",").length != 2) {
            throw new IllegalArgumentException("usage: StepAB <step class folder> <jarA>,<jarB>");
        }
        String[] jars = args[1].split(",");
        double seconds = Double.parseDouble(System.getProperty("sec", "0.3"));
        int rounds = Integer.getInteger("rounds", 100);
        String[] props = System.getProperty("abprops", "").split(";");
        Runnable[] steps = new Runnable[2];
        for (int i = 0; i < 2; i++) {
            URL[] path = {new File(args[0]).toURI().toURL(), new File(jars[i]).toURI().toURL()};
            URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
            if (props.length > i && !props[i].isEmpty()) {
                String[] kv = props[i].split("=", 2);
                System.setProperty(kv[0], kv[1]);
            }
            steps[i] = (Runnable) loader.loadClass(System.getProperty("step", "TransformerStep"))
                    .getConstructor().newInstance();
            steps[i].run(); // the build's classes initialise now, under its property
        }
        for (int w = 0; w < 3; w++) {
            for (Runnable step : steps) {
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < end) step.run();
            }
        }
        double[][] rate = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                int i = round % 2 == 0 ? k : 1 - k;
                int n = 0;
                long t0 = System.nanoTime(), t;
                do {
                    steps[i].run();
                    n++;
                    t = System.nanoTime();
                } while (t - t0 < seconds * 1e9);
                rate[i][round] = n * 1e9 / (t - t0);
            }
        }
        for (int i = 0; i < 2; i++) {
            double[] r = rate[i].clone();
            Arrays.sort(r);
            System.out.printf("%s: mean %.3f steps/s, median %.3f, min %.3f, max %.3f%n", jars[i],
                    Arrays.stream(r).average().orElseThrow(), r[rounds / 2], r[0], r[rounds - 1]);
        }
        double sum = 0, squares = 0;
        for (int round = 0; round < rounds; round++) sum += Math.log(rate[1][round] / rate[0][round]);
        double mean = sum / rounds;
        for (int round = 0; round < rounds; round++) {
            double d = Math.log(rate[1][round] / rate[0][round]) - mean;
            squares += d * d;
        }
        double se = Math.sqrt(squares / (rounds - 1) / rounds);
        System.out.printf("B/A: %.4f (95%% interval %.4f - %.4f, this run's rounds only)%n", Math.exp(mean),
                Math.exp(mean - 2 * se), Math.exp(mean + 2 * se));
    }
}
