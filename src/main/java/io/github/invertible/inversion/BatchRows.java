package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** Row bookkeeping of the batched inverses: samples leave the working batch as they finish (DESIGN §5.3). */
public final class BatchRows {
    private BatchRows() {
    }

    /** [N, ...] viewed as [N, rest]. */
    public static INDArray flat(INDArray a) {
        return a.reshape(a.size(0), a.length() / a.size(0));
    }

    /** The given rows of a [N,C,H,W] batch (a copy). */
    static INDArray rows(INDArray a, int[] idx) {
        return Nd4j.pullRows(flat(a), 1, idx).reshape(idx.length, a.size(1), a.size(2), a.size(3));
    }

    /**
     * The given rows of an owned [N,C,H,W] batch as a new owned array, the old one closed: its native memory is
     * freed now instead of at the next garbage collection (DESIGN §5.3). Call outside loop workspaces.
     */
    static INDArray take(INDArray a, int[] idx) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), idx.length, a.size(1), a.size(2), a.size(3));
        Nd4j.pullRows(flat(a), flat(out), 1, idx);
        close(a);
        return out;
    }

    /** Frees owned arrays now (nulls, views and workspace arrays are left alone: they own no memory of their own). */
    static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    /** target[idx[i]] = src[i] in place, one native scatter (target must be c-contiguous, as all arrays here are). */
    static void putRows(INDArray target, int[] idx, INDArray src) {
        INDArray t = flat(target);
        INDArray s = flat(src).castTo(t.dataType());
        Nd4j.exec(DynamicCustomOp.builder("scatter_upd").addInputs(t, Nd4j.createFromArray(idx), s).addOutputs(t).build());
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The entries of idx whose drop flag is false. */
    static int[] keep(int[] idx, boolean[] drop) {
        return Arrays.stream(range(idx.length)).filter(i -> !drop[i]).map(i -> idx[i]).toArray();
    }

    static double[] pick(double[] a, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> a[i]).toArray();
    }

    static int[] pick(int[] a, int[] idx) {
        return Arrays.stream(idx).map(i -> a[i]).toArray();
    }

    static boolean[] pick(boolean[] a, int[] idx) {
        boolean[] out = new boolean[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = a[idx[k]];
        }
        return out;
    }

    /** Per-row Euclidean norms. */
    static double[] norms(INDArray a) {
        return flat(a).norm2(1).toDoubleVector();
    }
}
