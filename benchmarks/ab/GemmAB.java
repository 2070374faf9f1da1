import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Random;

/**
 * Alternates {@code Sgemm.gemm} of two jgrad builds in one JVM, each build in its own class loader: for each shape in
 * turn, the best of 8 calls of one build, then of the other, for {@code -Drounds} rounds (default 10) after 3 of
 * warm-up; prints each build's mean GFLOPS per shape. {@code -Dshapes=transA,transB,m,n,k;...} (0 or 1 for the
 * transposes) defaults to transformer-train's four weight-gradient products (A transposed, depth 4,096).
 *
 * <p>{@code java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Djgrad.threads=2 -cp <dir> GemmAB
 * <jarA>,<jarB>}
 */
public class GemmAB {
    public static void main(String[] args) throws Throwable {
        if (args.length != 1 || args[0].split(",").length != 2) throw new IllegalArgumentException("usage: GemmAB <jarA>,<jarB>");
        String[] jars = args[0].split(",");
        int[][] shapes = parse(System.getProperty("shapes",
                "1,0,768,256,4096;1,0,256,256,4096;1,0,1024,256,4096;1,0,256,1024,4096"));
        int rounds = Integer.getInteger("rounds", 10);
        MethodType type = MethodType.methodType(void.class, boolean.class, boolean.class, int.class, int.class,
                int.class, float.class, float[].class, int.class, int.class, float[].class, int.class, int.class,
                float.class, float[].class, int.class, int.class);
        MethodHandle[] gemm = new MethodHandle[2];
        for (int i = 0; i < 2; i++) {
            URLClassLoader loader = new URLClassLoader(new URL[] {new File(jars[i]).toURI().toURL()},
                    ClassLoader.getPlatformClassLoader());
            gemm[i] = MethodHandles.publicLookup().findStatic(loader.loadClass("io.jgrad.cpu.gemm.Sgemm"), "gemm", type);
        }
        Random random = new Random(1);
        float[][] a = new float[shapes.length][], b = new float[shapes.length][], c = new float[shapes.length][];
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
            a[s] = new float[m * k];
            b[s] = new float[k * n];
            c[s] = new float[m * n];
            for (int j = 0; j < a[s].length; j++) a[s][j] = random.nextFloat();
            for (int j = 0; j < b[s].length; j++) b[s][j] = random.nextFloat();
        }
        double[][] sum = new double[2][shapes.length];
        for (int round = 0; round < rounds + 3; round++) {
            for (int s = 0; s < shapes.length; s++) {
                for (int i = 0; i < 2; i++) {
                    boolean ta = shapes[s][0] == 1, tb = shapes[s][1] == 1;
                    int m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
                    long best = Long.MAX_VALUE;
                    for (int call = 0; call < 8; call++) {
                        long t0 = System.nanoTime();
                        gemm[i].invokeExact(ta, tb, m, n, k, 1f, a[s], 0, ta ? m : k, b[s], 0, tb ? k : n, 0f, c[s], 0, n);
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    if (round >= 3) sum[i][s] += 2.0 * m * n * k / best;
                }
            }
        }
        for (int s = 0; s < shapes.length; s++) {
            System.out.printf("%s: A %.1f GFLOPS, B %.1f GFLOPS%n", Arrays.toString(shapes[s]), sum[0][s] / rounds,
                    sum[1][s] / rounds);
        }
    }

    private static int[][] parse(String text) {
        return Arrays.stream(text.split(";"))
                .map(s -> Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray())
                .toArray(int[][]::new);
    }
}
