package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.ConvResidualInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A convolutional residual unit as a piece: its operator and its batched, certified inverter. */
public record ConvUnitPiece(String name, ConvResidualMap unit, ConvResidualInverter inverter) implements InvertiblePiece {
    /** Relative residual of the Krylov solves of the linearised inverse (DESIGN §8.4). */
    static final double SOLVE_TOLERANCE = 1e-12;

    @Override
    public INDArray forward(INDArray x) {
        return unit.forward(x.castTo(DataType.DOUBLE));
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
        return InvertiblePiece.ofOperator(unit, x.castTo(DataType.DOUBLE), SOLVE_TOLERANCE);
    }

    @Override
    public void tune(Tuning t) {
        inverter.mixedPrecision(t.mixedPrecision()).certifyFromBase(t.certifyFromBase()).chunkSize(t.chunkSize());
    }

    @Override
    public long[] work() {
        return new long[]{inverter.matVecCount(), inverter.doubleForwardCount()};
    }
}
