package io.github.invertible.training;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RandomAffineTest {
    private static final int S = 28;

    private static float[] randomImage(long seed) {
        Random r = new Random(seed);
        float[] img = new float[S * S];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat();
        }
        return img;
    }

    @Test
    void identityLeavesTheImageAlone() {
        float[] img = randomImage(1);
        float[] out = new float[img.length];
        RandomAffine.warp(img, out, 0, S, S, 0, 1, 0, 0);
        assertArrayEquals(img, out, 1e-6f);
    }

    @Test
    void wholePixelShiftMovesPixelsAndFillsWithZeros() {
        float[] img = randomImage(2);
        float[] out = new float[img.length];
        RandomAffine.warp(img, out, 0, S, S, 0, 1, 2, -1); // 2 right, 1 up
        for (int r = 0; r < S; r++) {
            for (int c = 0; c < S; c++) {
                int sr = r + 1;
                int sc = c - 2;
                float expected = sr < S && sc >= 0 ? img[sr * S + sc] : 0f;
                assertEquals(expected, out[r * S + c], 1e-6f, "pixel " + r + "," + c);
            }
        }
    }

    @Test
    void quarterTurnIsAnExactPixelPermutation() {
        // about the centre (13.5, 13.5) a 90-degree turn maps pixel centres onto pixel centres
        float[] img = randomImage(3);
        float[] out = new float[img.length];
        RandomAffine.warp(img, out, 0, S, S, 90, 1, 0, 0);
        for (int r = 0; r < S; r++) {
            for (int c = 0; c < S; c++) {
                // counter-clockwise on screen: the source of (r, c) is (c', r') with source row = c, col = S-1-r
                assertEquals(img[c * S + (S - 1 - r)], out[r * S + c], 1e-5f, "pixel " + r + "," + c);
            }
        }
    }

    @Test
    void batchesAreAugmentedPerSampleAndReproduciblyBySeed() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, S, S);
        DataSet a = new DataSet(x.dup(), Nd4j.zeros(DataType.FLOAT, 4, 10));
        DataSet b = new DataSet(x.dup(), Nd4j.zeros(DataType.FLOAT, 4, 10));
        new RandomAffine(2, 10, 0.1, 7).preProcess(a);
        new RandomAffine(2, 10, 0.1, 7).preProcess(b);
        assertEquals(a.getFeatures(), b.getFeatures());
        assertNotEquals(x, a.getFeatures());
        assertArrayEquals(x.shape(), a.getFeatures().shape());
    }
}
