package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.DenseResidualMap;
import io.github.invertible.inversion.piece.ResidualOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ResidualOperator} contract, for both residual families in float and double: the map in float agrees
 * with the double one; the pattern Jacobian matches central differences (double) and the double Jacobian (float);
 * the adjoint passes the dot-product test; the solves undo the Jacobian and its adjoint.
 */
class ResidualOperatorContractTest {

    private static INDArray gaussian(Random rnd, double scale, long... shape) {
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rnd.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    /** name, operator, batch shape. */
    private record Case(String name, Supplier<ResidualOperator> op, long[] batch) {
    }

    private static final List<Case> OPERATORS = List.of(
            new Case("conv", () -> {
                Random r = new Random(3);
                return new ConvResidualMap(gaussian(r, 0.3, 4, 2, 3, 3), gaussian(r, 0.3, 4),
                        gaussian(r, 0.3, 2, 4, 3, 3), gaussian(r, 0.3, 2));
            }, new long[]{3, 2, 5, 5}),
            new Case("dense", () -> {
                Random r = new Random(4);
                return DenseResidualMap.of(gaussian(r, 0.3, 7, 5), gaussian(r, 0.3, 7), gaussian(r, 0.3, 5, 7),
                        gaussian(r, 0.3, 5));
            }, new long[]{3, 5}));

    static Stream<Arguments> cases() {
        return OPERATORS.stream().flatMap(c -> Stream.of(Arguments.of(c.name(), DataType.DOUBLE),
                Arguments.of(c.name(), DataType.FLOAT)));
    }

    private static double rel(INDArray a, INDArray b) {
        return InvertiblePieceContractTest.rel(a, b);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void operatorKeepsTheContract(String name, DataType type) {
        Case c = OPERATORS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        ResidualOperator op = c.op().get();
        Random rnd = new Random(8);
        INDArray x = gaussian(rnd, 1, c.batch());
        INDArray v = gaussian(rnd, 1, c.batch());
        INDArray w = gaussian(rnd, 1, c.batch());
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        INDArray xt = x.castTo(type);
        INDArray d = op.pattern(xt);
        assertEquals(type, op.apply(xt).dataType());
        assertTrue(rel(op.apply(xt), op.apply(x)) < tol, "F in " + type);
        INDArray jv = op.jacobian(v.castTo(type), d);
        assertEquals(type, jv.dataType());
        if (type == DataType.DOUBLE) {
            double h = 1e-6;
            INDArray fd = op.apply(x.add(v.mul(h))).subi(op.apply(x.sub(v.mul(h)))).divi(2 * h);
            assertTrue(rel(jv, fd) < 1e-6, "JVP vs finite differences " + rel(jv, fd));
        } else {
            assertTrue(rel(jv, op.jacobian(v, op.pattern(x))) < tol, "float JVP");
        }
        INDArray jtw = op.jacobianAdjoint(w.castTo(type), d);
        double lhs = jv.castTo(DataType.DOUBLE).mul(w).sumNumber().doubleValue();
        double rhs = v.mul(jtw.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
        assertEquals(lhs, rhs, (type == DataType.DOUBLE ? 1e-10 : 1e-4) * (Math.abs(lhs) + 1), "<Jv,w> = <v,J^T w>");
        INDArray dd = d.castTo(DataType.DOUBLE);
        INDArray jvd = op.jacobian(v, dd);
        assertTrue(rel(op.solve(jvd, dd, 1e-13), v) < 1e-9, "J^-1 J v = v");
        assertTrue(rel(op.solveAdjoint(op.jacobianAdjoint(w, dd), dd, 1e-13), w) < 1e-9, "J^-T J^T w = w");
    }
}
