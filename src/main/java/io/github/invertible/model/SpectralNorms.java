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

/** Spectral norms of the linear maps inside residual units: exact (dense, SVD) and by power iteration. */
public final class SpectralNorms {

    private SpectralNorms() {
    }

    /** Largest singular value of a matrix, exactly (LAPACK gesvd in double). */
    public static double exactDense(INDArray matrix) {
        // Nd4j.linalg().svd fails in M2.1 (a shape-function error in the C++ op), so call LAPACK directly
        INDArray a = matrix.castTo(DataType.DOUBLE).dup('f');
        if (!Double.isFinite(a.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("matrix has NaN or infinite entries");
        }
        INDArray s = Nd4j.create(DataType.DOUBLE, Math.min(a.rows(), a.columns()));
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, null);
        return s.maxNumber().doubleValue();
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

    /** Operator x -> conv(x, W) on [1, in, h, w] images, stride 1, SAME; W in [out, in, kH, kW]. */
    public static LinearOperator convOperator(INDArray kernelOIYX, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("conv operator needs the image size, got " + height + "x" + width);
        }
        // prepared once: the operator is applied hundreds of times by a final projection
        INDArray forward = ConvKernels.toYxio(kernelOIYX);
        INDArray adjoint = ConvKernels.toYxio(ConvKernels.adjoint(kernelOIYX));
        var config = ConvKernels.sameConfig(kernelOIYX.size(2), kernelOIYX.size(3));
        long in = kernelOIYX.size(1);
        return new LinearOperator() {
            @Override
            public INDArray apply(INDArray u) {
                return ConvKernels.convYxio(u, forward, config);
            }

            @Override
            public INDArray applyAdjoint(INDArray v) {
                return ConvKernels.convYxio(v, adjoint, config);
            }

            @Override
            public INDArray newInputVector() {
                return Nd4j.randn(kernelOIYX.dataType(), 1, in, height, width);
            }

            @Override
            public long[] inputShape() {
                return new long[]{1, in, height, width};
            }
        };
    }

    /**
     * Power iteration from (and updating in place) the unit vector u; returns the estimate ||A^T A u|| / ||A u||
     * of the last step, a lower bound of ||A||_2 that increases towards it.
     */
    public static double powerIteration(LinearOperator op, INDArray u, int iterations) {
        return powerIteration(op, u, -1, iterations);
    }

    /**
     * {@link PowerIteration} on ND4J operators (DESIGN §3.5): as above, stopping early once the estimate changes
     * by at most {@code relTol} (relative) between steps; a negative relTol runs all iterations.
     */
    public static double powerIteration(LinearOperator op, INDArray u, double relTol, int iterations) {
        return PowerIteration.run(new PowerIteration.Ops<INDArray>() {
            @Override
            public INDArray apply(INDArray x) {
                return op.apply(x);
            }

            @Override
            public INDArray applyAdjoint(INDArray v) {
                return op.applyAdjoint(v);
            }

            @Override
            public double norm(INDArray v) {
                return v.norm2Number().doubleValue();
            }

            @Override
            public void normalise(INDArray v, double norm) {
                v.divi(norm);
            }

            @Override
            public void assign(INDArray dst, INDArray src) {
                dst.assign(src);
            }

            @Override
            public INDArray randomStart() {
                return op.newInputVector();
            }
        }, u, relTol, iterations);
    }

    /** Norm of a SAME stride-1 convolution on h x w images by many power iterations (random start). */
    public static double convOperatorNorm(INDArray kernelOIYX, int height, int width, int iterations) {
        ConvPowerIteration op = new ConvPowerIteration(kernelOIYX, height, width);
        return op.iterate(op.randomInput(12345), iterations);
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
