package io.github.invertible.inversion;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The registry of residual-unit inverse methods (DESIGN §4). Experiments, CSV columns, plot colours and the
 * command-line choices all iterate over {@link #values()}: a new method is one {@link InverseStrategy} class and
 * one constant here.
 */
public enum InverseMethod {
    /** Behrmann et al. fixed point x_{t+1} = y − g(x_t). */
    EXISTING("existing", "existing", 0x1f77b4, new ExistingMethod()),
    /** Activation-pattern fixed point x_{t+1} = (I + W2 D_t W1)⁻¹ (y − b2 − W2 D_t b1) (Newton on F). */
    PROPOSED("proposed", "proposed", 0xd62728, new ProposedMethod()),
    /** Split variant (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1|. */
    PROPOSED_SPLIT("split", "proposed split", 0x2ca02c, new ProposedSplitMethod()),
    /** Anderson acceleration (memory 5) of the existing fixed point. */
    ANDERSON("anderson", "Anderson (m = 5)", 0x9467bd, new AndersonMethod());

    private final String column;
    private final String label;
    private final int rgb;
    private final InverseStrategy strategy;

    InverseMethod(String column, String label, int rgb, InverseStrategy strategy) {
        this.column = column;
        this.label = label;
        this.rgb = rgb;
        this.strategy = strategy;
    }

    /** The name used on the command line and in CSV files: {@code existing}, {@code proposed}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Prefix of this method's CSV columns ({@code existing_pct}, {@code split_median_iterations}, ...). */
    public String column() {
        return column;
    }

    /** Human-readable name for plot legends. */
    public String label() {
        return label;
    }

    /** Plot colour, 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    public InverseStrategy strategy() {
        return strategy;
    }

    /** The method with this {@link #id()} (case-insensitive); the error lists the valid choices. */
    public static InverseMethod fromId(String id) {
        for (InverseMethod m : values()) {
            if (m.id().equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown inverse method '" + id.trim() + "'; choose from " + ids());
    }

    /** The valid ids, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(InverseMethod::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id();
    }
}
