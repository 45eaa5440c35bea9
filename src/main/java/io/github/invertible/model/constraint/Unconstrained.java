package io.github.invertible.model.constraint;

import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.ResidualConvUnit;
import io.github.invertible.model.ResidualDenseUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.util.Locale;

/** {@code none}: free W1 and W2; a unit may fold and have no inverse (DESIGN §3.5). */
public final class Unconstrained implements ConstraintMode {

    static final String NAME = "none";
    public static final Unconstrained INSTANCE = new Unconstrained();

    private Unconstrained() {
    }

    static ConstraintMode parse(String text) {
        return text.toLowerCase(Locale.ROOT).equals(NAME) ? INSTANCE : null;
    }

    @Override
    public ResidualConvUnit convUnit(int channels, int hidden, int kernelSize) {
        return new ResidualConvUnit(channels, hidden, kernelSize, false);
    }

    @Override
    public ResidualDenseUnit denseUnit(int inputs, int hidden) {
        return new ResidualDenseUnit(inputs, hidden, false);
    }

    @Override
    public void attachTo(org.deeplearning4j.nn.conf.layers.Layer unit) {
    }

    @Override
    public void afterInit(ComputationGraph net) {
    }

    @Override
    public boolean beforeSaving(ComputationGraph net) {
        return false;
    }

    @Override
    public boolean guaranteesInvertibility() {
        return false;
    }

    @Override
    public String nameToken() {
        return NAME;
    }

    @JsonValue
    @Override
    public String toString() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unconstrained;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
