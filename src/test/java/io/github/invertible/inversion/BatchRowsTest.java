package io.github.invertible.inversion;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row bookkeeping against plain indexing: gathered rows are the rows, and an owned batch is freed when replaced. */
class BatchRowsTest {

    @Test
    void takeGathersTheRowsIntoAnOwnedArrayAndFreesTheOldOne() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 6, 2, 3, 3);
        INDArray copy = a.dup();
        int[] keep = {1, 4, 5};
        INDArray b = BatchRows.take(a, keep);
        assertTrue(a.wasClosed(), "the replaced batch is closed");
        assertTrue(b.closeable(), "the new batch is owned, not a view");
        assertArrayEquals(new long[]{3, 2, 3, 3}, b.shape());
        for (int k = 0; k < keep.length; k++) {
            assertEquals(copy.slice(keep[k]), b.slice(k), "row " + k);
        }
    }

    @Test
    void putRowsScattersIntoTheGivenRows() {
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 4, 1, 2, 2);
        INDArray src = Nd4j.rand(DataType.FLOAT, 2, 1, 2, 2);
        BatchRows.putRows(target, new int[]{3, 0}, src);
        assertEquals(src.slice(0).castTo(DataType.DOUBLE), target.slice(3));
        assertEquals(src.slice(1).castTo(DataType.DOUBLE), target.slice(0));
        assertEquals(0, target.slice(1).sumNumber().doubleValue());
    }
}
