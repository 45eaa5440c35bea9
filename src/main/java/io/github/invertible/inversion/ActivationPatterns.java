package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Activation patterns of a batch and the geometric cycle damping of the convolutional inverses (DESIGN §4.4):
 * per sample the patterns seen so far, the current one and the damping factor β (1 until a cycle).
 * Not thread-safe; one instance per unit inverter.
 */
final class ActivationPatterns {

    /** Damping factor applied (again) each time a sample's pattern iteration revisits a pattern. */
    static final double DAMPING = 0.5;
    static final double MIN_DAMPING = 1.0 / 64;

    /**
     * An activation pattern, identified by a fingerprint: {@link #FINGERPRINT_COLUMNS} sums of random integers over
     * the active units, one small matrix product per step instead of copying every mask to Java. The integers are
     * below 2^24 / D (D units per sample), so every partial sum is an exact float: equal patterns always give equal
     * fingerprints. Different patterns collide with probability ~(D / 2^24)^4, which for these layers (D ≤ 6272)
     * is below 1e-13; a collision could only mislabel a cycle, never certify a wrong inverse (the certificate is a
     * separate double-precision residual).
     */
    record Pattern(long[] bits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && Arrays.equals(bits, p.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }

    private static final int FINGERPRINT_COLUMNS = 4;
    private static final long FLOAT_EXACT_INTEGERS = 1L << 24;
    /** [FINGERPRINT_COLUMNS, D] random integers (float), created for the unit's D on first use. */
    private INDArray fingerprintWeights;

    /** Per-sample cycle state of one inversion (indexed by sample id). */
    static final class Cycles {
        final List<Set<Pattern>> seen = new ArrayList<>();
        final Pattern[] current;
        final double[] damping;

        Cycles(Pattern[] initial) {
            int n = initial.length;
            current = initial.clone();
            damping = new double[n];
            Arrays.fill(damping, 1);
            for (Pattern p : initial) {
                Set<Pattern> s = new HashSet<>();
                s.add(p);
                seen.add(s);
            }
        }

        /** p differs from the sample's current pattern but was seen before. */
        boolean revisits(int sample, Pattern p) {
            return !p.equals(current[sample]) && seen.get(sample).contains(p);
        }

        /** Damps the sample (more): β ← max(β/2, 1/64). */
        void damp(int sample) {
            damping[sample] = Math.max(damping[sample] * DAMPING, MIN_DAMPING);
        }

        /** Records p as the sample's current pattern. */
        void move(int sample, Pattern p) {
            seen.get(sample).add(p);
            current[sample] = p;
        }

        double[] damping(int[] samples) {
            return Arrays.stream(samples).mapToDouble(s -> damping[s]).toArray();
        }
    }

    /** Patterns of masks [N,K,H,W] (entries 0/1; or pre-activations, masked here, when {@code positive}). */
    Pattern[] of(INDArray maskOrPre, boolean positive) {
        INDArray m = BatchRows.flat(positive ? maskOrPre.gt(0) : maskOrPre).castTo(DataType.FLOAT);
        long d = m.size(1);
        if (d > FLOAT_EXACT_INTEGERS / 2) {
            throw new IllegalStateException("pattern fingerprints need fewer than 2^23 hidden units per sample, got " + d);
        }
        if (fingerprintWeights == null || fingerprintWeights.size(1) != d) {
            long bound = FLOAT_EXACT_INTEGERS / d;
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5eed);
            float[] w = new float[(int) d * FINGERPRINT_COLUMNS];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextLong(bound);
            }
            // kept across calls, so built outside the caller's loop-workspace scope
            fingerprintWeights = LoopWorkspace.outside(() -> Nd4j.createFromArray(w).reshape(FINGERPRINT_COLUMNS, d));
        }
        float[][] f = fingerprintWeights.mmul(m.transpose()).toFloatMatrix(); // [columns, N]
        Pattern[] p = new Pattern[(int) m.size(0)];
        for (int i = 0; i < p.length; i++) {
            long[] b = new long[FINGERPRINT_COLUMNS];
            for (int j = 0; j < b.length; j++) {
                b[j] = (long) f[j][i];
            }
            p[i] = new Pattern(b);
        }
        return p;
    }
}
