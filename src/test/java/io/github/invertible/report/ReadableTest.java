package io.github.invertible.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Display formatting: significant digits, whole numbers, floors, units from column names. */
class ReadableTest {
    @Test
    void numbersHaveTwoOrThreeSignificantDigits() {
        assertEquals("2.7e-9", Readable.number(2.7114342E-9));
        assertEquals("8.9e-14", Readable.number(8.8817842E-14));
        assertEquals("3.7e16", Readable.number(3.7e16 + 1.5e14));
        assertEquals("-4e-5", Readable.number(-4.0e-5));
        assertEquals("38.9", Readable.number(38.941698));
        assertEquals("0.261", Readable.number(0.26141215));
        assertEquals("1.65", Readable.number(1.6496309));
        assertEquals("100", Readable.number(99.999998));
        assertEquals("873504", Readable.number(873504));
        assertEquals("0", Readable.number(0));
        assertEquals("NaN", Readable.number(Double.NaN));
    }

    @Test
    void columnsDecideAccuracyDecimalsAndTheRelativeErrorFloor() {
        assertEquals("99.51", Readable.cell("test_accuracy_pct", "99.51"));
        assertEquals("98.3", Readable.cell("test_accuracy_pct", "98.3"));
        assertEquals("< 1e-12", Readable.cell("mean_rel_err_pct", "8.8817842E-14"));
        assertEquals("0", Readable.cell("max_rel_err_pct", "0"));
        assertEquals("8.9e-14", Readable.cell("predicted_pct", "8.8817842E-14"));
        assertEquals("conv-tied", Readable.cell("model", "conv-tied"));
        assertEquals("lipschitz:0.9", Readable.cell("constraint", "lipschitz:0.9"));
        assertEquals("", Readable.cell("baseline", ""));
    }

    @Test
    void columnNamesBecomeWordsWithUnits() {
        assertEquals("mean relative error (%)", Readable.label("mean_rel_err_pct"));
        assertEquals("median iterations", Readable.label("median_iters"));
        assertEquals("training time (min)", Readable.label("train_minutes"));
        assertEquals("test accuracy (%)", Readable.label("test_accuracy_pct"));
        assertEquals("Lipschitz bound L = ‖W2‖‖W1‖", Readable.label("lipschitz_bound"));
        assertEquals("model", Readable.label("model"));
    }
}
