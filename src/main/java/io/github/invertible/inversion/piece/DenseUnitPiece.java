package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.DenseResidualInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A fully connected residual unit as a piece: its operator (via its inverter) and per-sample direct solves. */
public record DenseUnitPiece(String name, DenseResidualInverter inverter) implements InvertiblePiece {
    @Override
    public INDArray forward(INDArray x) {
        return inverter.unit().forward(x.castTo(DataType.DOUBLE));
    }

    @Override
    public long[] outputShape(long[] in) {
        return in.clone();
    }

    @Override
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
        return inverter.invert(y, method, options);
    }

    @Override
    public Linearisation linearise(INDArray x) {
        return InvertiblePiece.ofOperator(inverter.unit(), x.castTo(DataType.DOUBLE), 0);
    }
}
