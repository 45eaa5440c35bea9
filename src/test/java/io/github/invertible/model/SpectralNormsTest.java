package io.github.invertible.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpectralNormsTest {

    @Test
    void adjointKernelIsTheAdjointOperator() {
        Nd4j.getRandom().setSeed(1);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 3, 2, 5, 5);       // out 3, in 2, 5x5 kernel
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 2, 6, 7);        // non-square image
        INDArray z = Nd4j.randn(DataType.DOUBLE, 1, 3, 6, 7);
        double lhs = ConvKernels.conv(x, w).mul(z).sumNumber().doubleValue();
        double rhs = x.mul(ConvKernels.conv(z, ConvKernels.adjoint(w))).sumNumber().doubleValue();
        assertEquals(lhs, rhs, 1e-10 * Math.abs(lhs));
    }

    @Test
    void exactDenseNormIsTheLargestSingularValue() {
        INDArray m = Nd4j.createFromArray(new double[][]{{3, 0, 0}, {0, -5, 0}}); // singular values 5, 3
        assertEquals(5.0, SpectralNorms.exactDense(m), 1e-12);
        assertEquals(5.0, SpectralNorms.exactDense(m.transpose()), 1e-12);
    }

    @Test
    void convPowerIterationMatchesSvdOfMaterialisedOperator() {
        Nd4j.getRandom().setSeed(2);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 3, 2, 3, 3);
        INDArray op = SpectralNorms.convOperatorMatrix(w, 5, 4);     // [3*20, 2*20]
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 2, 5, 4);
        // the materialised matrix is the operator
        assertEquals(0.0, op.mmul(x.reshape(40, 1)).reshape(1, 3, 5, 4).sub(ConvKernels.conv(x, w))
                .amaxNumber().doubleValue(), 1e-12);
        double exact = SpectralNorms.exactDense(op);
        assertEquals(exact, SpectralNorms.convNorm(w, 5, 4, -1, 500, 12345), 1e-6 * exact);
    }
}
