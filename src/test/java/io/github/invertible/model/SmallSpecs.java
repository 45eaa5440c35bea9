package io.github.invertible.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Narrow versions of the real architectures (same vertex names), fast enough for unit tests. */
final class SmallSpecs {

    private SmallSpecs() {
    }

    static NetworkSpec of(String arch, String constraint, DataType dataType) {
        return NetworkSpec.builder().arch(arch).constraint(constraint).dataType(dataType)
                .unitsPerStage(2).convWidth1(6).hidden1(5).hidden2(7)
                .denseUnits(2).denseWidth(20).headConv(4).headWidth(12).seed(5).build();
    }

    /** A random batch shaped for the spec's input. */
    static INDArray input(NetworkSpec spec, int n) {
        return spec.arch() == NetworkSpec.Arch.DENSE
                ? Nd4j.rand(spec.dataType(), n, 784)
                : Nd4j.rand(spec.dataType(), n, 1, 28, 28);
    }
}
