package io.github.invertible.model.constraint;

import io.github.invertible.model.CertifiedNorms;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.SpectralNormConstraint;
import io.github.invertible.model.SpectralNorms;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code lipschitz:c}: free W1 and W2, each scaled to operator norm ≤ √c after every update
 * ({@link SpectralNormConstraint}, power iteration), so ‖W2‖ ‖W1‖ ≤ c; before saving, a long power-iteration
 * projection and then the certified dense one ({@link CertifiedNorms#project}, DESIGN §3.7). With c &lt; 1 the
 * branch is a contraction and the unit invertible.
 *
 * @param bound c, finite and &gt; 0
 */
public record Lipschitz(double bound) implements ConstraintMode {

    static final String PREFIX = "lipschitz:";
    /** Power iterations run once after init so lipschitz networks start inside the constraint. */
    public static final int INITIAL_PROJECTION_ITERATIONS = 20;
    /** Power iterations of the projection before saving (then certified densely). */
    public static final int FINAL_PROJECTION_ITERATIONS = 100;

    public Lipschitz {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("Lipschitz bound must be a finite number > 0, got " + bound);
        }
    }

    static ConstraintMode parse(String text) {
        if (!text.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return null;
        }
        String number = text.substring(PREFIX.length()); // as typed, for the message
        double c;
        try {
            c = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad Lipschitz bound '" + number + "' in constraint mode '"
                    + text + "'; expected lipschitz:c with c > 0", e);
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("Bad Lipschitz bound '" + number + "' in constraint mode '"
                    + text + "'; c must be a finite number > 0");
        }
        return new Lipschitz(c);
    }

    @Override
    public void attachTo(org.deeplearning4j.nn.conf.layers.Layer unit) {
        List<LayerConstraint> cs = new ArrayList<>();
        cs.add(new SpectralNormConstraint(bound));
        unit.setConstraints(cs);
    }

    @Override
    public void afterInit(ComputationGraph net) {
        SpectralNorms.finalProjection(net, INITIAL_PROJECTION_ITERATIONS);
    }

    @Override
    public boolean beforeSaving(ComputationGraph net) {
        SpectralNorms.finalProjection(net, FINAL_PROJECTION_ITERATIONS);
        // power iteration approaches each norm from below: certify the bound densely (DESIGN §3.7)
        CertifiedNorms.project(net);
        return true;
    }

    @Override
    public boolean guaranteesInvertibility() {
        return bound < 1;
    }

    /** lipschitz-0.9, lipschitz-1 (the bound as typed before options were typed: 1.0 is named 1). */
    @Override
    public String nameToken() {
        return "lipschitz-" + BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + bound;
    }
}
