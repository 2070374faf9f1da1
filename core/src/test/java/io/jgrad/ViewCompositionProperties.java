package io.jgrad;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Random chains of permute / slice / reshape / expand / unsqueeze / squeeze / transpose against a plain model: a
 * row-major array of source positions, rebuilt by explicit index loops at every step. Values must match, and the
 * gradient of {@code sum(view * w)} must be {@code w} scattered back to the source positions.
 */
class ViewCompositionProperties {
    /** The model: dims and, for each element in row-major order, the flat position in the source tensor. */
    record Model(int[] dims, int[] src) {
        int numel() { return src.length; }
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        for (int i = dims.length - 1, acc = 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
        return s;
    }

    /** Builds a model of shape {@code dims} whose element at multi-index i is {@code old} at {@code map(i)}. */
    private interface IndexMap { int[] apply(int[] newIndex); }

    private static Model remap(Model old, int[] dims, IndexMap map) {
        int n = Shape.of(dims).numel();
        int[] src = new int[n];
        int[] idx = new int[dims.length];
        int[] os = strides(old.dims());
        for (int i = 0; i < n; i++) {
            int[] o = map.apply(idx);
            int at = 0;
            for (int d = 0; d < o.length; d++) at += o[d] * os[d];
            src[i] = old.src()[at];
            for (int d = dims.length - 1; d >= 0 && ++idx[d] == dims[d]; d--) idx[d] = 0;
        }
        return new Model(dims, src);
    }

    @Property(tries = 400)
    void viewChainsMatchTheModel(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(3);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = 1 + rnd.nextInt(4);
        int n = Shape.of(dims).numel();
        int[] identity = new int[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) { identity[i] = i; values[i] = i + 0.5; }
        Tensor base = Tensor.of(values, dims).requiresGrad(true);
        Tensor t = base;
        Model m = new Model(dims, identity);
        List<String> steps = new ArrayList<>();
        int length = 1 + rnd.nextInt(6);
        for (int s = 0; s < length; s++) {
            int r = m.dims().length;
            int choice = rnd.nextInt(7);
            if (r == 0 && choice != 2 && choice != 4) choice = 4;
            switch (choice) {
                case 0 -> { // permute
                    int[] perm = shuffled(r, rnd);
                    int[] nd = new int[r];
                    for (int i = 0; i < r; i++) nd[i] = m.dims()[perm[i]];
                    m = remap(m, nd, idx -> { int[] o = new int[r]; for (int i = 0; i < r; i++) o[perm[i]] = idx[i]; return o; });
                    t = t.permute(perm);
                    steps.add("permute" + Arrays.toString(perm));
                }
                case 1 -> { // slice with step, Python bounds (negative and out of range allowed)
                    int axis = rnd.nextInt(r), size = m.dims()[axis];
                    int start = rnd.nextInt(size + 3) - 2, end = rnd.nextInt(size + 3) - 1, step = 1 + rnd.nextInt(3);
                    int s0 = Math.max(0, Math.min(start < 0 ? start + size : start, size));
                    int e0 = Math.max(0, Math.min(end < 0 ? end + size : end, size));
                    int len = e0 > s0 ? (e0 - s0 + step - 1) / step : 0;
                    int[] nd = m.dims().clone();
                    nd[axis] = len;
                    m = remap(m, nd, idx -> { int[] o = idx.clone(); o[axis] = s0 + idx[axis] * step; return o; });
                    t = t.slice(axis, start, end, step);
                    steps.add("slice(" + axis + ", " + start + ", " + end + ", " + step + ")");
                }
                case 2 -> { // reshape to a random factorization of numel (possibly with -1)
                    int[] nd = factorization(m.numel(), rnd);
                    m = new Model(nd, m.src());
                    int[] arg = nd.clone();
                    if (arg.length > 0 && m.numel() > 0 && rnd.nextBoolean()) arg[rnd.nextInt(arg.length)] = -1;
                    t = t.reshape(arg);
                    steps.add("reshape" + Arrays.toString(arg));
                }
                case 3 -> { // expand a size-1 dim, or add a leading one
                    int[] nd;
                    int axis = -1;
                    for (int i = 0; i < r; i++) if (m.dims()[i] == 1) axis = i;
                    if (axis >= 0) {
                        nd = m.dims().clone();
                        nd[axis] = 1 + rnd.nextInt(3);
                        int a = axis;
                        m = remap(m, nd, idx -> { int[] o = idx.clone(); o[a] = 0; return o; });
                    } else {
                        nd = new int[r + 1];
                        nd[0] = 2;
                        System.arraycopy(m.dims(), 0, nd, 1, r);
                        m = remap(m, nd, idx -> Arrays.copyOfRange(idx, 1, idx.length));
                    }
                    t = t.expand(nd);
                    steps.add("expand" + Arrays.toString(nd));
                }
                case 4 -> { // unsqueeze
                    int axis = rnd.nextInt(r + 1);
                    int[] nd = new int[r + 1];
                    for (int i = 0, j = 0; i <= r; i++) nd[i] = i == axis ? 1 : m.dims()[j++];
                    m = new Model(nd, m.src());
                    t = t.unsqueeze(axis);
                    steps.add("unsqueeze(" + axis + ")");
                }
                case 5 -> { // squeeze all size-1 dims
                    int[] nd = Arrays.stream(m.dims()).filter(d -> d != 1).toArray();
                    m = new Model(nd, m.src());
                    t = t.squeeze();
                    steps.add("squeeze()");
                }
                default -> { // transpose two axes
                    int a = rnd.nextInt(r), b = rnd.nextInt(r);
                    int[] perm = new int[r];
                    for (int i = 0; i < r; i++) perm[i] = i;
                    perm[a] = b;
                    perm[b] = a;
                    int[] nd = new int[r];
                    for (int i = 0; i < r; i++) nd[i] = m.dims()[perm[i]];
                    m = remap(m, nd, idx -> { int[] o = new int[r]; for (int i = 0; i < r; i++) o[perm[i]] = idx[i]; return o; });
                    t = t.transpose(a, b);
                    steps.add("transpose(" + a + ", " + b + ")");
                }
            }
            String where = "after " + steps + " from " + Arrays.toString(dims);
            assertArrayEquals(m.dims(), t.dims(), "shape " + where);
            double[] expected = Arrays.stream(m.src()).mapToDouble(i -> values[i]).toArray();
            assertArrayEquals(expected, t.toDoubleArray(), 0, "values " + where);
        }
        // Gradient: sum(view * w) scatters w back to the source positions (summing repeats from expand).
        double[] w = new double[m.numel()];
        double[] expectedGrad = new double[n];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextInt(7) - 3;
            expectedGrad[m.src()[i]] += w[i];
        }
        Tensor out = t.mul(Tensor.of(w, m.dims())).sum();
        if (out.requiresGrad()) {
            out.backward();
            assertArrayEquals(expectedGrad, base.grad().toDoubleArray(), 0, "gradient after " + steps);
        }
    }

    private static int[] shuffled(int r, Random rnd) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        for (int i = r - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int x = p[i]; p[i] = p[j]; p[j] = x; }
        return p;
    }

    /** Random dims whose product is n (size-1 dims included now and then; n = 0 gives a zero dim). */
    private static int[] factorization(int n, Random rnd) {
        List<Integer> dims = new ArrayList<>();
        if (n == 0) {
            dims.add(0);
            if (rnd.nextBoolean()) dims.add(1 + rnd.nextInt(3));
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }
        int rest = n;
        while (rest > 1 && dims.size() < 4) {
            List<Integer> divisors = new ArrayList<>();
            for (int d = 2; d <= rest; d++) if (rest % d == 0) divisors.add(d);
            int d = divisors.get(rnd.nextInt(divisors.size()));
            dims.add(d);
            rest /= d;
            if (rnd.nextInt(4) == 0) dims.add(1);
        }
        if (rest > 1) dims.add(rest);
        java.util.Collections.shuffle(dims, rnd);
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
