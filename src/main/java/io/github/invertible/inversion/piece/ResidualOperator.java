package io.github.invertible.inversion.piece;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The residual operator F(x) = x + W2 σ(W1 x + b1) + b2 of one residual unit, dense or convolutional, on batches
 * (first axis = sample), in the precision of the argument (FLOAT or DOUBLE) (DESIGN §3.2). On the region of an
 * activation pattern D (D = 1 where W1 x + b1 &gt; 0) F is affine with Jacobian J_D = I + W2 D W1: the inverse
 * methods, the inverse Jacobian and the contract test use only these operations.
 */
public interface ResidualOperator {

    /** F(x), in the precision of x. */
    INDArray apply(INDArray x);

    /** The activation pattern D(x) (entries 0/1, the hidden shape), in the precision of x. */
    INDArray pattern(INDArray x);

    /** J_D v = (I + W2 D W1) v. */
    INDArray jacobian(INDArray v, INDArray pattern);

    /** J_Dᵀ w = (I + W1ᵀ D W2ᵀ) w. */
    INDArray jacobianAdjoint(INDArray w, INDArray pattern);

    /** J_D⁻¹ b per sample, to relative residual {@code tol} (a direct solve may be exact). DOUBLE. */
    INDArray solve(INDArray b, INDArray pattern, double tol);

    /** J_D⁻ᵀ w per sample (see {@link #solve}). DOUBLE. */
    INDArray solveAdjoint(INDArray w, INDArray pattern, double tol);
}
