package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.RandomUnits;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SingularValuesTest {

    @Test
    void matchesNd4jSvd() {
        Random rnd = new Random(7);
        for (int[] shape : new int[][]{{6, 4}, {4, 9}, {12, 12}}) {
            double[][] a = RandomUnits.gaussian(rnd, shape[0], shape[1], 1);
            double[] mine = SingularValues.of(a);
            // LAPACK gesvd as the reference (NDLinalg.svd fails in M2.1 with a shape error)
            org.nd4j.linalg.api.ndarray.INDArray af = Nd4j.createFromArray(a).dup('f');
            org.nd4j.linalg.api.ndarray.INDArray s = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                    Math.min(shape[0], shape[1]));
            Nd4j.getBlasWrapper().lapack().gesvd(af, s, null, null);
            double[] ref = s.toDoubleVector();
            assertEquals(Math.min(shape[0], shape[1]), mine.length);
            for (int i = 0; i < mine.length; i++) {
                assertEquals(ref[i], mine[i], 1e-10 * ref[0]);
            }
        }
    }

    @Test
    void rankOfAProductOfThinFactors() {
        Random rnd = new Random(8);
        double[][] a = Matrices.multiply(RandomUnits.gaussian(rnd, 9, 3, 1), RandomUnits.gaussian(rnd, 3, 7, 1));
        assertEquals(3, SingularValues.rank(a, 0));
    }

    @Test
    void luSolvesAndSignsDeterminant() {
        double[][] a = {{0, 2, 1}, {1, 1, 0}, {3, 0, 1}};
        DenseLu lu = DenseLu.factor(a, 1e-13);
        double[] x = lu.solve(new double[]{5, 3, 6});
        // independent check: residual of the original system
        double[] ax = Matrices.multiply(a, x);
        assertEquals(5, ax[0], 1e-12);
        assertEquals(3, ax[1], 1e-12);
        assertEquals(6, ax[2], 1e-12);
        // det = 0*(1) - 2*(1-0) + 1*(0-3) = -5
        assertEquals(-1, lu.determinantSign());
    }
}
