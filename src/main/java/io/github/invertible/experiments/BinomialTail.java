package io.github.invertible.experiments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** Exact binomial tail P[Binomial(m, ½) ≥ n], computed with big integers (no cancellation). */
public final class BinomialTail {

    private BinomialTail() {
    }

    public static double atLeast(int m, int n) {
        if (n <= 0) {
            return 1;
        }
        if (n > m) {
            return 0;
        }
        BigInteger sum = BigInteger.ZERO;
        BigInteger c = BigInteger.ONE; // C(m, 0)
        for (int j = 0; j <= m; j++) {
            if (j >= n) {
                sum = sum.add(c);
            }
            c = c.multiply(BigInteger.valueOf(m - j)).divide(BigInteger.valueOf(j + 1));
        }
        return new BigDecimal(sum).divide(new BigDecimal(BigInteger.TWO.pow(m)), MathContext.DECIMAL64).doubleValue();
    }
}
