package io.github.invertible.inversion;

import io.github.invertible.inversion.rlt.RltInverter;
import io.github.invertible.inversion.piece.InvertiblePiece;
import io.github.invertible.inversion.piece.RectifierLinearTransform;
import io.github.invertible.inversion.piece.RectifierPiece;
import io.github.invertible.model.ChannelPadLayer;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.InvertibleLayer;
import io.github.invertible.model.ResidualConvUnit;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every invertible family keeps (DESIGN §3), through {@link InvertiblePiece} only, over families ×
 * constraint modes × float and double × every registered {@link InverseMethod}: DL4J's own forward (the training
 * path) equals the piece's; the JVP matches central finite differences; the VJP passes the dot-product test, and so
 * do the inverse JVP/VJP, which undo the JVP; for every method the inverse is certified by re-applying the forward
 * map: RECOVERED exactly when ‖F(x̂) − y‖/‖y‖ is below the tolerance, and then x̂ = x. A new method is covered by
 * its registry line, a new constraint by its registry line (its example); a new family needs one entry in
 * {@link #FAMILIES}, and {@link #everyPieceFamilyHasAFixture} fails, naming it, until it has one.
 */
class InvertiblePieceContractTest {

    /** A family: the DL4J layer of one piece on a tiny input, and the input shape of a batch of 3. */
    private record Family(String name, Function<ConstraintMode, Layer> layer, InputType inputType, long[] batch,
                          boolean hasModes) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("conv-unit", m -> m.convUnit(0, 3, 3), InputType.convolutional(4, 4, 2),
                    new long[]{3, 2, 4, 4}, true),
            new Family("dense-unit", m -> m.denseUnit(0, 5), InputType.feedForward(6),
                    new long[]{3, 6}, true),
            new Family("squeeze", m -> new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(),
                    InputType.convolutional(4, 4, 2), new long[]{3, 2, 4, 4}, false),
            new Family("pad", m -> new ChannelPadLayer(5), InputType.convolutional(4, 4, 2), new long[]{3, 2, 4, 4},
                    false),
            // a rectifier linear transform: DL4J's dense relu layer, 3 → 8 (W = the layer's weights transposed)
            new Family("rectifier", m -> new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(),
                    InputType.feedForward(3), new long[]{3, 3}, false));

    /** Every registered constraint, by its example (a new constraint is covered by its registry line). */
    private static final String[] CONSTRAINT_EXAMPLES = io.github.invertible.model.constraint.Constraints.cases()
            .stream().map(io.github.invertible.model.constraint.Constraints.Case::example).toArray(String[]::new);

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (DataType t : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            for (Family f : FAMILIES) {
                for (String mode : f.hasModes() ? CONSTRAINT_EXAMPLES : new String[]{"none"}) {
                    a.add(Arguments.of(f.name(), mode, t));
                }
            }
        }
        return a.stream();
    }

    private static Family family(String name) {
        return FAMILIES.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** One layer of the family as a DL4J graph of the given type, random parameters times {@code scale}. */
    static ComputationGraph graph(Family family, ConstraintMode mode, DataType type, double scale) {
        Layer layer = family.layer().apply(mode);
        mode.attachTo(layer); // lipschitz: its per-update projection; the other modes attach nothing
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .graphBuilder().addInputs("in").setInputTypes(family.inputType())
                .addLayer("piece", layer, "in").setOutputs("piece").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Random rnd = new Random(5);
        net.getLayer("piece").paramTable().forEach((k, v) -> {
            for (long i = 0; i < v.length(); i++) {
                double bias = k.equals("b") ? 1 : 0; // the rectifier: mostly active rows
                v.putScalar(i, k.equals(ResidualConvUnit.LOG_ALPHA) ? Math.log(0.7) : bias + scale * rnd.nextGaussian());
            }
        });
        mode.beforeSaving(net); // lipschitz: projected (and certified) under its bound
        return net;
    }

    /** The piece of a one-layer graph; the rectifier is not a feature-stage family of DL4J, so built here. */
    static InvertiblePiece piece(ComputationGraph net) {
        var layer = net.getLayer("piece");
        if (layer.conf().getLayer() instanceof DenseLayer) {
            double[][] w = layer.getParam("W").castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
            double[] b = layer.getParam("b").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            return new RectifierPiece("piece", new RectifierLinearTransform(w, b), new RltInverter());
        }
        return InvertibleLayer.of(layer.conf().getLayer()).orElseThrow()
                .piece(FeatureStageInverter.PIECES, "piece", layer.paramTable());
    }

    static double rel(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                / Math.max(b.castTo(DataType.DOUBLE).norm2Number().doubleValue(), 1e-300);
    }

    private static double dot(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void familyKeepsTheContract(String familyName, String modeName, DataType type) {
        Family family = family(familyName);
        ConstraintMode mode = ConstraintMode.parse(modeName);
        // tied units are invertible at any scale; unconstrained ones are kept contractive so an inverse exists
        double scale = mode.guaranteesInvertibility() ? 0.4 : 0.1;
        ComputationGraph dbl = graph(family, mode, DataType.DOUBLE, scale);
        ComputationGraph net = type == DataType.DOUBLE ? dbl : graph(family, mode, DataType.FLOAT, scale);
        if (type == DataType.FLOAT) { // the same weights, rounded to float
            net.getLayer("piece").paramTable().forEach((k, v) -> v.assign(dbl.getLayer("piece").getParam(k)));
        }
        InvertiblePiece p = piece(dbl); // the family's math, in double, from the double weights
        p.tune(new InvertiblePiece.Tuning(type == DataType.FLOAT, true, 250)); // float iterations or all-double
        long[] shape = family.batch();
        INDArray x = Nd4j.randn(DataType.DOUBLE, shape);
        INDArray y = p.forward(x);
        assertEquals(Arrays.toString(p.outputShape(shape)), Arrays.toString(y.shape()), "output shape");

        // 1. DL4J's forward (training path) = the piece's forward
        INDArray dl4j = net.outputSingle(x.castTo(type));
        assertTrue(rel(dl4j, y) < (type == DataType.DOUBLE ? 1e-10 : 1e-5), "forward " + rel(dl4j, y));

        // 2. JVP against central differences; VJP by the dot-product test; the inverse linearisation undoes J
        InvertiblePiece.Linearisation lin = p.linearise(x);
        INDArray v = Nd4j.randn(DataType.DOUBLE, shape);
        INDArray w = Nd4j.randn(DataType.DOUBLE, y.shape());
        double h = 1e-6;
        INDArray fd = p.forward(x.add(v.mul(h))).subi(p.forward(x.sub(v.mul(h)))).divi(2 * h);
        INDArray jv = lin.jvp(v);
        assertTrue(rel(jv, fd) < 1e-6, "JVP vs finite differences " + rel(jv, fd));
        double lhs = dot(jv, w);
        double rhs = dot(v, lin.vjp(w));
        assertEquals(lhs, rhs, 1e-10 * (Math.abs(lhs) + 1), "<Jv,w> = <v,J^T w>");
        assertTrue(rel(lin.inverseJvp(jv), v) < 1e-8, "J^-1 J v = v: " + rel(lin.inverseJvp(jv), v));
        INDArray u = Nd4j.randn(DataType.DOUBLE, shape);
        double l2 = dot(lin.inverseJvp(w), u);
        double r2 = dot(w, lin.inverseVjp(u));
        assertEquals(l2, r2, 1e-8 * (Math.abs(l2) + 1), "<J^-1 w,u> = <w,J^-T u>");

        // 3. every registered method: certified by re-applying the forward map
        InverseOptions o = InverseOptions.defaults().withMaxIterations(100);
        for (InverseMethod m : InverseMethod.values()) {
            BatchInversion r = p.invert(y, m, o);
            INDArray again = p.forward(r.x());
            for (int i = 0; i < shape[0]; i++) {
                double res = rel(again.slice(i), y.slice(i));
                boolean ok = res < o.tolerance();
                assertEquals(ok, r.recovered(i), m + " sample " + i + ": " + r.status()[i] + ", residual " + res);
                if (ok) {
                    assertTrue(rel(r.x().slice(i), x.slice(i)) < 1e-5, m + " sample " + i + " x");
                }
            }
            // these units are invertible and the activation-pattern method is exact on them
            if (m == InverseMethod.PROPOSED) {
                assertTrue(r.allRecovered(), m + " " + r);
            }
        }
    }

    /**
     * An unconstrained unit at a scale where Lip(g) is far above 1: the existing fixed point cannot converge. Every
     * method still returns, and a failure is a status (never RECOVERED), confirmed by re-applying the forward map.
     */
    @Test
    void unconstrainedUnitAtLargeScaleFailsAsAStatus() {
        Family conv = family("conv-unit");
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            InvertiblePiece p = piece(graph(conv, ConstraintMode.parse("none"), DataType.DOUBLE, 3.0));
            p.tune(new InvertiblePiece.Tuning(type == DataType.FLOAT, true, 250));
            INDArray x = Nd4j.randn(DataType.DOUBLE, conv.batch());
            INDArray y = p.forward(x);
            InverseOptions o = InverseOptions.defaults().withMaxIterations(30).withKrylov(1e-10, 60);
            for (InverseMethod m : InverseMethod.values()) {
                BatchInversion r = p.invert(y, m, o);
                INDArray again = p.forward(r.x());
                for (int i = 0; i < conv.batch()[0]; i++) {
                    double res = rel(again.slice(i), y.slice(i));
                    assertEquals(res < o.tolerance(), r.recovered(i), m + " sample " + i + " " + r.status()[i]);
                    if (m == InverseMethod.EXISTING) {
                        assertNotEquals(InverseStatus.RECOVERED, r.status()[i], "existing " + type + " sample " + i);
                    }
                }
            }
        }
    }

    /**
     * Every piece family in the piece package has a fixture above: a family added without one fails here by name,
     * so that no family escapes the contract. The families are found among the compiled classes that implement
     * {@link InvertiblePiece}.
     */
    @Test
    void everyPieceFamilyHasAFixture() throws Exception {
        java.util.Set<Class<?>> covered = new java.util.HashSet<>();
        for (Family f : FAMILIES) {
            String mode = f.hasModes() ? CONSTRAINT_EXAMPLES[0] : "none";
            covered.add(piece(graph(f, ConstraintMode.parse(mode), DataType.DOUBLE, 0.1)).getClass());
        }
        java.nio.file.Path dir = java.nio.file.Path.of(InvertiblePiece.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).resolve(InvertiblePiece.class.getPackageName().replace('.', '/'));
        List<String> missing = new ArrayList<>();
        java.util.Set<Class<?>> found = new java.util.HashSet<>();
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(InvertiblePiece.class.getPackageName() + "." + name.replace(".class", ""));
                if (InvertiblePiece.class.isAssignableFrom(c) && !c.isInterface()
                        && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                    found.add(c);
                    if (!covered.contains(c)) {
                        missing.add(c.getSimpleName());
                    }
                }
            }
        }
        assertEquals(FAMILIES.size(), covered.size(), "one family per fixture: " + covered);
        assertTrue(found.containsAll(covered), "the scan found the fixtures' families: " + found);
        assertTrue(missing.isEmpty(), "families without a fixture in FAMILIES: " + missing);
    }
}
