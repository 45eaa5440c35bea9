package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Space-to-depth (NCHW): a permutation, so J = the map itself, Jᵀ = J⁻¹ = depth-to-space (DESIGN §3.3). */
public record SqueezePiece(String name, int block) implements InvertiblePiece {
    @Override
    public INDArray forward(INDArray x) {
        return SpaceToDepthInverse.forward(x, block);
    }

    @Override
    public long[] outputShape(long[] in) {
        return new long[]{in[0], in[1] * block * block, in[2] / block, in[3] / block};
    }

    @Override
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
        return InvertiblePiece.exact(SpaceToDepthInverse.invert(y, block));
    }

    @Override
    public Linearisation linearise(INDArray x) {
        return new Linearisation() {
            @Override
            public INDArray jvp(INDArray v) {
                return SpaceToDepthInverse.forward(v, block);
            }

            @Override
            public INDArray vjp(INDArray w) {
                return SpaceToDepthInverse.invert(w, block);
            }

            @Override
            public INDArray inverseJvp(INDArray v) {
                return SpaceToDepthInverse.invert(v, block);
            }

            @Override
            public INDArray inverseVjp(INDArray w) {
                return SpaceToDepthInverse.forward(w, block);
            }
        };
    }
}
