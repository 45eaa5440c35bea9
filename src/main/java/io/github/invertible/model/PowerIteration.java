package io.github.invertible.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one power iteration of the project (DESIGN §3.5), on any vector type: u ← Aᵀ(Au/‖Au‖)/‖·‖, returning the
 * last ‖Aᵀv‖ (v = Au/‖Au‖), a lower bound of ‖A‖₂ that increases towards it. ND4J operators
 * ({@link #run(LinearOperator, INDArray, double, int)}) and plain-Java convolutions ({@link ConvPowerIteration}: the
 * per-update constraint and {@link SpectralNorms#convNorm}) both run this loop; so may any other vector type through
 * {@link Ops}.
 *
 * @param <V> vector type
 */
public final class PowerIteration {
    private PowerIteration() {
    }

    /** What the loop needs of a vector type and an operator A. */
    public interface Ops<V> {
        V apply(V u);

        V applyAdjoint(V v);

        double norm(V v);

        /** v ← v / norm, in place (each type keeps its own rounding: ND4J divides, plain Java multiplies by 1/norm). */
        void normalise(V v, double norm);

        /** dst ← src. */
        void assign(V dst, V src);

        /** A non-zero start vector, used when u is zero. */
        V randomStart();
    }

    /**
     * Runs from (and updates in place to the last unit vector) u; stops after {@code iterations} steps or once the
     * estimate changes by at most relTol (relative) between steps (a negative relTol runs every step).
     */
    public static <V> double run(Ops<V> ops, V u, double relTol, int iterations) {
        double norm = ops.norm(u);
        if (norm == 0) {
            ops.assign(u, ops.randomStart());
            norm = ops.norm(u);
        }
        ops.normalise(u, norm);
        double sigma = 0;
        for (int t = 0; t < iterations; t++) {
            V v = ops.apply(u);
            double vn = ops.norm(v);
            if (vn == 0) {
                return 0;
            }
            ops.normalise(v, vn);
            V w = ops.applyAdjoint(v);
            double last = sigma;
            sigma = ops.norm(w);
            if (sigma == 0) {
                return 0;
            }
            ops.normalise(w, sigma);
            ops.assign(u, w);
            if (relTol >= 0 && Math.abs(sigma - last) <= relTol * sigma) {
                break;
            }
        }
        return sigma;
    }

    /**
     * {@link #run(Ops, Object, double, int)} on an ND4J operator, from (and updating in place) u; a zero u starts from
     * {@link LinearOperator#newInputVector()}.
     */
    public static double run(LinearOperator op, INDArray u, double relTol, int iterations) {
        return run(new Ops<INDArray>() {
            @Override
            public INDArray apply(INDArray x) {
                return op.apply(x);
            }

            @Override
            public INDArray applyAdjoint(INDArray v) {
                return op.applyAdjoint(v);
            }

            @Override
            public double norm(INDArray v) {
                return v.norm2Number().doubleValue();
            }

            @Override
            public void normalise(INDArray v, double norm) {
                v.divi(norm);
            }

            @Override
            public void assign(INDArray dst, INDArray src) {
                dst.assign(src);
            }

            @Override
            public INDArray randomStart() {
                return op.newInputVector();
            }
        }, u, relTol, iterations);
    }
}
