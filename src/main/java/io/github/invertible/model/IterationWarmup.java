package io.github.invertible.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A linear warm-up measured in iterations in front of another schedule: the rate of iteration i &lt; W is
 * base(i, e) · (f + (1 − f) · i / W), from base/25 (f = {@value #START_FACTOR}, as the one-cycle rise) to
 * base; from iteration W on it is base(i, e). Short one-cycle runs use it (DESIGN §6.1).
 *
 * <p>Hand-written because DL4J's {@code RampSchedule} (the same idea, rising from 0) has no JSON constructor, so a
 * model or checkpoint carrying it could not be read back.
 */
public final class IterationWarmup implements ISchedule {
    /** The warm-up starts at the base rate times this. */
    public static final double START_FACTOR = 1.0 / 25;

    private final ISchedule base;
    private final int iterations;

    public IterationWarmup(@JsonProperty("base") ISchedule base, @JsonProperty("iterations") int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("warm-up iterations must be >= 1, got " + iterations);
        }
        this.base = Objects.requireNonNull(base, "base");
        this.iterations = iterations;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double v = base.valueAt(iteration, epoch);
        return iteration >= iterations ? v
                : v * (START_FACTOR + (1 - START_FACTOR) * iteration / (double) iterations);
    }

    @Override
    public ISchedule clone() {
        return new IterationWarmup(base.clone(), iterations);
    }

    public ISchedule getBase() {
        return base;
    }

    public int getIterations() {
        return iterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IterationWarmup w && w.iterations == iterations && w.base.equals(base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, iterations);
    }
}
