package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.LoopWorkspace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BiCGSTAB on a batch of non-symmetric systems: the solution satisfies A x = b when re-applied, and the memory it
 * takes from the caller's loop workspace does not grow with its iterations (it used to: every iteration's p, v, s,
 * t stayed allocated until the caller's step ended; DESIGN §5.3).
 */
class BatchedKrylovTest {
    private static final int D = 96;
    private static final int N = 6;

    /** A_i = I + 0.4 G / sqrt(D) with one Gaussian G (non-symmetric, well conditioned), applied to rows. */
    private static UnaryOperator<INDArray> operator() {
        Nd4j.getRandom().setSeed(7);
        INDArray g = Nd4j.randn(DataType.DOUBLE, D, D).muli(0.4 / Math.sqrt(D));
        INDArray a = Nd4j.eye(D).castTo(DataType.DOUBLE).addi(g);
        INDArray at = a.transpose().dup();
        return v -> v.mmul(at);
    }

    @Test
    void solvesNonSymmetricSystemsCheckedByReapplyingTheOperator() {
        UnaryOperator<INDArray> op = operator();
        INDArray b = Nd4j.randn(DataType.DOUBLE, N, D);
        BatchedKrylov.Result r = BatchedKrylov.bicgstab(op, b, null, BatchedKrylov.uniform(N, 1e-12), 400);
        INDArray residual = op.apply(r.x()).subi(b);
        for (int i = 0; i < N; i++) {
            double rel = residual.getRow(i).norm2Number().doubleValue() / b.getRow(i).norm2Number().doubleValue();
            assertTrue(rel < 1e-10, "sample " + i + ": relative residual " + rel);
            assertTrue(r.relativeResidual()[i] < 1e-11, "reported residual of sample " + i);
        }
    }

    @Test
    void callersWorkspaceDoesNotGrowWithIterations() {
        UnaryOperator<INDArray> op = operator();
        INDArray b = Nd4j.randn(DataType.DOUBLE, N, D);
        double[] never = BatchedKrylov.uniform(N, 0); // run the whole budget
        long few = outerAllocations(op, b, never, 3);
        long many = outerAllocations(op, b, never, 30);
        long oneArray = (long) N * D * Double.BYTES;
        assertTrue(many - few < oneArray, "30 iterations took " + many + " bytes of the caller's workspace, 3 took "
                + few + " (one array is " + oneArray + ")");
    }

    /** Bytes allocated in the caller's workspace by one solve of exactly {@code iterations} iterations. */
    private static long outerAllocations(UnaryOperator<INDArray> op, INDArray b, double[] tol, int iterations) {
        try (MemoryWorkspace ws = LoopWorkspace.open("krylov-test-caller")) {
            long before = ws.getThisCycleAllocations();
            BatchedKrylov.Result r = BatchedKrylov.bicgstab(op, b, null, tol, iterations);
            assertEquals(iterations, r.iterations());
            return ws.getThisCycleAllocations() - before;
        }
    }
}
