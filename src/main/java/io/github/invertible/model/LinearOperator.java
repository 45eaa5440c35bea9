package io.github.invertible.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A linear map given by its action and its adjoint's action; enough for power iteration. */
public interface LinearOperator {

    INDArray apply(INDArray u);

    INDArray applyAdjoint(INDArray v);

    /** A random-start vector of the operator's input shape and data type. */
    INDArray newInputVector();

    /** Input vector shape: persistent power-iteration vectors are re-created when it changes. */
    long[] inputShape();
}
