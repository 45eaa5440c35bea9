package io.github.invertible.inversion;

import io.github.invertible.model.ChannelPadLayer;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.InvertibleLayer;
import io.github.invertible.model.ResidualConvUnit;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every invertible family keeps (DESIGN §3), over families × constraint modes × float and double:
 * DL4J's own forward (the training path) equals the family's forward; the Jacobian-vector product matches central
 * finite differences; its adjoint passes the dot-product test; the inverse of the forward is the input, certified.
 */
class InvertiblePieceContractTest {

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (DataType t : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            for (String mode : new String[]{"tied", "lipschitz:0.9", "none"}) {
                a.add(Arguments.of("conv-unit", mode, t));
                a.add(Arguments.of("dense-unit", mode, t));
            }
            a.add(Arguments.of("squeeze", "none", t));
            a.add(Arguments.of("pad", "none", t));
        }
        return a.stream();
    }

    /** One layer of the family on a tiny input, as a DL4J graph of the given type with random parameters. */
    private static ComputationGraph graph(String family, ConstraintMode mode, DataType type) {
        boolean dense = family.equals("dense-unit");
        Layer layer = switch (family) {
            case "conv-unit" -> mode.convUnit(0, 3, 3);
            case "dense-unit" -> mode.denseUnit(0, 5);
            case "squeeze" -> new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build();
            default -> new ChannelPadLayer(5);
        };
        mode.attachTo(layer); // the families' cases pair "none" with squeeze and pad: nothing to attach there
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .graphBuilder().addInputs("in")
                .setInputTypes(dense ? InputType.feedForward(6) : InputType.convolutional(4, 4, 2))
                .addLayer("piece", layer, "in").setOutputs("piece").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Random rnd = new Random(5);
        // constrained units are invertible by construction; unconstrained ones are kept contractive so an inverse exists
        double scale = mode.guaranteesInvertibility() ? 0.4 : 0.1;
        net.getLayer("piece").paramTable().forEach((k, v) -> {
            for (long i = 0; i < v.length(); i++) {
                v.putScalar(i, k.equals(ResidualConvUnit.LOG_ALPHA) ? Math.log(0.7) : scale * rnd.nextGaussian());
            }
        });
        mode.beforeSaving(net); // lipschitz: projected (and certified) under its bound
        return net;
    }

    private static InvertiblePiece piece(ComputationGraph net) {
        var layer = net.getLayer("piece");
        return InvertibleLayer.of(layer.conf().getLayer()).orElseThrow()
                .piece(FeatureStageInverter.PIECES, "piece", layer.paramTable());
    }

    private static double rel(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                / Math.max(b.castTo(DataType.DOUBLE).norm2Number().doubleValue(), 1e-300);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void familyKeepsTheContract(String family, String modeName, DataType type) {
        ConstraintMode mode = ConstraintMode.parse(modeName);
        ComputationGraph dbl = graph(family, mode, DataType.DOUBLE);
        ComputationGraph net = type == DataType.DOUBLE ? dbl : graph(family, mode, DataType.FLOAT);
        if (type == DataType.FLOAT) { // the same weights, rounded to float
            net.getLayer("piece").paramTable().forEach((k, v) -> v.assign(dbl.getLayer("piece").getParam(k)));
        }
        InvertiblePiece p = piece(dbl); // the family's math, in double, from the double weights
        long[] shape = family.equals("dense-unit") ? new long[]{3, 6} : new long[]{3, 2, 4, 4};
        INDArray x = Nd4j.randn(DataType.DOUBLE, shape);

        // 1. DL4J's forward (training path) = the family's forward
        INDArray dl4j = net.outputSingle(x.castTo(type));
        assertTrue(rel(dl4j, p.forward(x)) < (type == DataType.DOUBLE ? 1e-10 : 1e-5), "forward " + rel(dl4j, p.forward(x)));

        // 2./3. JVP against central differences, its adjoint by the dot-product test
        INDArray v = Nd4j.randn(DataType.DOUBLE, shape);
        INDArray w = Nd4j.randn(DataType.DOUBLE, p.forward(x).shape());
        double h = 1e-6;
        INDArray fd = p.forward(x.add(v.mul(h))).subi(p.forward(x.sub(v.mul(h)))).divi(2 * h);
        INDArray jv;
        INDArray jtw;
        if (p instanceof NetworkPieces.ConvUnit c) {
            INDArray mask = c.unit().preActivation(x).gt(0).castTo(DataType.DOUBLE);
            jv = c.unit().applyJacobian(v, mask);
            jtw = c.unit().applyJacobianAdjoint(w, mask);
        } else if (p instanceof NetworkPieces.DenseUnit d) {
            DenseResidualUnit u = d.inverter().unit();
            jv = Nd4j.create(DataType.DOUBLE, shape);
            jtw = Nd4j.create(DataType.DOUBLE, shape);
            for (int i = 0; i < shape[0]; i++) {
                jv.putRow(i, Nd4j.createFromArray(u.jvp(x.getRow(i).toDoubleVector(), v.getRow(i).toDoubleVector())));
                jtw.putRow(i, Nd4j.createFromArray(u.jvpAdjoint(x.getRow(i).toDoubleVector(), w.getRow(i).toDoubleVector())));
            }
        } else { // linear pieces: J = the map itself, Jᵀ = its inverse (a permutation) or dropping the pad
            jv = p.forward(v);
            jtw = p.invert(w, InverseMethod.PROPOSED, InverseOptions.defaults()).x();
        }
        assertTrue(rel(jv, fd) < 1e-6, "JVP vs finite differences " + rel(jv, fd));
        double lhs = jv.mul(w).sumNumber().doubleValue();
        double rhs = v.mul(jtw).sumNumber().doubleValue();
        assertEquals(lhs, rhs, 1e-10 * (Math.abs(lhs) + 1), "<Jv,w> = <v,J^T w>");

        // 4. invert(forward(x)) = x, certified (residual below tolerance)
        InverseOptions o = InverseOptions.defaults().withMaxIterations(50);
        BatchInversion r = p.invert(p.forward(x), InverseMethod.PROPOSED, o);
        for (int i = 0; i < shape[0]; i++) {
            assertTrue(r.recovered(i), "sample " + i + ": " + r.status()[i]);
            assertTrue(r.residual()[i] < o.tolerance());
        }
        assertTrue(rel(r.x(), x) < 1e-6, "inverse " + rel(r.x(), x));
    }
}
