package io.github.invertible.inversion.piece;

import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Space-to-depth and its inverse (DESIGN §3.3): DL4J's SpaceToDepthLayer (NCHW) is a permutation, undone by
 * ND4J depth-to-space.
 * Exact only when H and W were divisible by the block (the layer truncates otherwise).
 */
public final class SpaceToDepthInverse {

    private SpaceToDepthInverse() {
    }

    /** [N, C·b², H/b, W/b] → [N, C, H, W]. */
    public static INDArray invert(INDArray y, int block) {
        if (y.rank() != 4 || y.size(1) % ((long) block * block) != 0) {
            throw new IllegalArgumentException("expected NCHW input with channels divisible by " + block * block
                    + ", got " + java.util.Arrays.toString(y.shape()));
        }
        return Nd4j.cnn().depthToSpace(y, block, DataFormat.NCHW);
    }

    /** The forward map (what the layer computes), for completeness and tests. */
    public static INDArray forward(INDArray x, int block) {
        return Nd4j.cnn().spaceToDepth(x, block, DataFormat.NCHW);
    }
}
