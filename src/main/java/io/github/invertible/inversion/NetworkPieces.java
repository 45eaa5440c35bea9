package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The pieces of a feature stage (DESIGN §3): the families wrapped with their inverses. */
final class NetworkPieces {
    private NetworkPieces() {
    }

    /** Space-to-depth (block 2, NCHW): a permutation; its inverse is depth-to-space. */
    record Squeeze(String name, int block) implements InvertiblePiece {
        @Override
        public INDArray forward(INDArray x) {
            return SpaceToDepthInverse.forward(x, block);
        }

        @Override
        public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
            return InvertiblePiece.exact(SpaceToDepthInverse.invert(y, block));
        }
    }

    /** Channel padding (DESIGN §3.4), the one implementation: zero channels appended behind {@code channelsIn}. */
    record Pad(String name, int channelsIn, int channelsOut) implements InvertiblePiece {
        @Override
        public INDArray forward(INDArray x) {
            long[] shape = x.shape().clone();
            shape[1] = channelsOut - channelsIn;
            return Nd4j.concat(1, x, Nd4j.zeros(x.dataType(), shape));
        }

        /** Per sample: a y whose padded channels are not ~0 is NOT_IN_RANGE, its residual their share of ‖y‖. */
        @Override
        public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
            return invert(y, options, false);
        }

        /**
         * With {@code drop}, every sample is RECOVERED by dropping its padded channels: the orthogonal projection
         * onto the range of the padding (DESIGN §8.3), for representations off the range such as interpolations;
         * the residual is still the dropped part's share of ‖y‖ (the distance from the range, relative).
         */
        BatchInversion invert(INDArray y, InverseOptions options, boolean drop) {
            int n = (int) y.size(0);
            INDArray flat = y.reshape(n, channelsOut, -1);
            INDArray padded = flat.get(NDArrayIndex.all(),
                    NDArrayIndex.interval(channelsIn, channelsOut),
                    NDArrayIndex.all()).reshape(n, -1);
            INDArray padNorm = padded.norm2(1);
            INDArray yNorm = y.reshape(n, -1).norm2(1);
            InverseStatus[] status = new InverseStatus[n];
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = padNorm.getDouble(i) / Math.max(yNorm.getDouble(i), Double.MIN_NORMAL);
                status[i] = drop || residual[i] < options.tolerance() ? InverseStatus.RECOVERED : InverseStatus.NOT_IN_RANGE;
            }
            INDArray x = y.get(NDArrayIndex.all(),
                    NDArrayIndex.interval(0, channelsIn)).dup();
            return new BatchInversion(x, status, new int[n], residual, new boolean[n]);
        }
    }

    /** A convolutional residual unit. */
    record ConvUnit(String name, ConvResidualUnit unit, ConvResidualInverter inverter) implements InvertiblePiece {
        @Override
        public INDArray forward(INDArray x) {
            return unit.forward(x.castTo(DataType.DOUBLE));
        }

        @Override
        public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
            return inverter.invert(y, method, options);
        }
    }

    /** A fully connected residual unit. */
    record DenseUnit(String name, DenseResidualInverter inverter) implements InvertiblePiece {
        @Override
        public INDArray forward(INDArray x) {
            return inverter.unit().forward(x.castTo(DataType.DOUBLE));
        }

        @Override
        public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
            return inverter.invert(y, method, options);
        }
    }
}
