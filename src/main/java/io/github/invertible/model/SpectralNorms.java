package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spectral norms of the linear maps inside residual units: exact (dense, EJML) and by power iteration. */
public final class SpectralNorms {

    private SpectralNorms() {
    }

    /**
     * Largest singular value of a matrix, exactly: the square root of the largest eigenvalue of the Gram matrix of
     * its shorter side ({@link CertifiedNorms#largestEigenvalue}, EJML, in double), the project's one exact dense norm.
     */
    public static double exactDense(INDArray matrix) {
        INDArray a = matrix.castTo(DataType.DOUBLE);
        if (!Double.isFinite(a.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("matrix has NaN or infinite entries");
        }
        double[] g = CertifiedNorms.gram(a, 0, 0);
        return Math.sqrt(Math.max(0, CertifiedNorms.largestEigenvalue(g, (int) Math.min(a.rows(), a.columns()))));
    }

    /** As {@link #exactDense(INDArray)}, for a matrix given as rows. */
    public static double exactDense(double[][] rows) {
        return exactDense(Nd4j.createFromArray(rows));
    }

    /** Operator of a dense weight matrix, either orientation (same norm). */
    public static LinearOperator denseOperator(INDArray matrix) {
        return new LinearOperator() {
            @Override
            public INDArray apply(INDArray u) {
                return matrix.mmul(u);
            }

            @Override
            public INDArray applyAdjoint(INDArray v) {
                return matrix.transpose().mmul(v);
            }

            @Override
            public INDArray newInputVector() {
                return Nd4j.randn(matrix.dataType(), matrix.size(1), 1);
            }

            @Override
            public long[] inputShape() {
                return new long[]{matrix.size(1), 1};
            }
        };
    }

    /**
     * The one power-iteration estimate of the operator norm of a SAME stride-1 convolution on h×w images
     * ({@link ConvPowerIteration}, Java doubles), from the start {@link ConvPowerIteration#randomInput(long)
     * randomInput(seed)}: a lower bound of ‖A‖₂ that increases towards it. Stops once the estimate changes by at
     * most relTol (relative) between steps, or after maxIter steps (a negative relTol runs them all).
     */
    public static double convNorm(INDArray kernelOIYX, int height, int width, double relTol, int maxIter, long seed) {
        ConvPowerIteration op = new ConvPowerIteration(kernelOIYX, height, width);
        return op.iterate(op.randomInput(seed), relTol, maxIter);
    }

    /**
     * The convolution as an explicit [out*h*w, in*h*w] matrix (columns = images of the unit basis).
     * Only for tiny images: tests take its exact SVD.
     */
    public static INDArray convOperatorMatrix(INDArray kernelOIYX, int height, int width) {
        INDArray k = kernelOIYX.castTo(DataType.DOUBLE);
        long in = k.size(1);
        long out = k.size(0);
        int n = (int) (in * height * width);
        INDArray basis = Nd4j.eye(n).castTo(DataType.DOUBLE).reshape('c', n, in, height, width);
        INDArray images = ConvKernels.conv(basis, k);          // [n, out, h, w]
        return images.reshape('c', n, out * height * width).transpose().dup('c');
    }

    /**
     * Runs every spectral-norm constraint in the graph with a long power iteration so the bound holds
     * for the saved weights (one iteration per training step lags behind the weights).
     *
     * @return the norm estimates before projection, keyed "vertex_param"
     */
    public static Map<String, Double> finalProjection(ComputationGraph net, int iterations) {
        Map<String, Double> before = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            List<LayerConstraint> constraints = layer.conf().getLayer().getConstraints();
            if (constraints == null) {
                continue;
            }
            for (LayerConstraint c : constraints) {
                if (c instanceof SpectralNormConstraint) {
                    Map<String, Double> norms = ((SpectralNormConstraint) c).project(layer, iterations);
                    String name = layer.conf().getLayer().getLayerName();
                    norms.forEach((p, s) -> before.put(name + "_" + p, s));
                }
            }
        }
        return before;
    }

    /** Every spectral-norm constraint's power-iteration vectors, by layer name (training state for checkpoints). */
    public static LinkedHashMap<String, LinkedHashMap<String, double[]>> vectorState(ComputationGraph net) {
        LinkedHashMap<String, LinkedHashMap<String, double[]>> state = new LinkedHashMap<>();
        forEachConstraint(net, (name, c) -> state.put(name, new LinkedHashMap<>(c.vectorState())));
        return state;
    }

    /** Hands the vectors of {@link #vectorState} back to the constraints of a restored network. */
    public static void restoreVectors(ComputationGraph net, Map<String, ? extends Map<String, double[]>> state) {
        forEachConstraint(net, (name, c) -> {
            if (state.containsKey(name)) {
                c.restoreVectors(state.get(name));
            }
        });
    }

    private static void forEachConstraint(ComputationGraph net,
                                          java.util.function.BiConsumer<String, SpectralNormConstraint> action) {
        for (Layer layer : net.getLayers()) {
            List<LayerConstraint> constraints = layer.conf().getLayer().getConstraints();
            for (LayerConstraint c : constraints == null ? List.<LayerConstraint>of() : constraints) {
                if (c instanceof SpectralNormConstraint) {
                    action.accept(layer.conf().getLayer().getLayerName(), (SpectralNormConstraint) c);
                }
            }
        }
    }
}
