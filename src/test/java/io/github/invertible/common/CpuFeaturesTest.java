package io.github.invertible.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU check that runs before ND4J loads (DESIGN §10.4), on cpuinfo text written here. */
class CpuFeaturesTest {
    private static final String AVX2 = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx fma avx2 bmi2\n"
            + "processor\t: 1\nflags\t\t: fpu sse2 avx fma avx2 bmi2\n";
    private static final String AVX512 = "flags\t: fpu avx avx2 fma avx512f avx512bw avx512_vnni avx512_bf16\n";
    private static final String AVX2_BUILD = "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2";
    private static final String AVX512_BUILD = "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512";

    @Test
    void readsTheFlagsLine() {
        CpuFeatures c = CpuFeatures.parse(AVX2);
        assertTrue(c.has("avx2") && c.has("fma"));
        assertEquals("avx2 fma", c.vectorExtensions());
        assertEquals("avx2 fma avx512f avx512bw avx512_vnni avx512_bf16", CpuFeatures.parse(AVX512).vectorExtensions());
        assertEquals("unknown", CpuFeatures.parse("model name: x\n").vectorExtensions());
    }

    @Test
    void refusesABuildForExtensionsTheCpuLacks() {
        UserError e = assertThrows(UserError.class, () -> CpuFeatures.parse(AVX2).requireSupported(AVX512_BUILD));
        assertTrue(e.getMessage().contains("needs AVX-512") && e.getMessage().contains("avx2 fma")
                && e.getMessage().contains("without -Pavx512"), e.getMessage());
        assertThrows(UserError.class, () -> CpuFeatures.parse("flags: sse2 avx\n").requireSupported(AVX2_BUILD));
        assertDoesNotThrow(() -> CpuFeatures.parse(AVX2).requireSupported(AVX2_BUILD));
        assertDoesNotThrow(() -> CpuFeatures.parse(AVX512).requireSupported(AVX512_BUILD));
        assertDoesNotThrow(() -> CpuFeatures.parse(AVX512).requireSupported(AVX2_BUILD));
        assertDoesNotThrow(() -> CpuFeatures.parse("").requireSupported(AVX512_BUILD), "unknown CPU: not checked");
    }

    @Test
    void advisesTheAvx512BuildOnlyWhereItRuns() {
        assertTrue(CpuFeatures.parse(AVX512).advice(AVX2_BUILD).contains("-Pavx512"));
        assertTrue(CpuFeatures.parse(AVX2).advice(AVX2_BUILD).contains("no AVX-512"));
    }

    @Test
    void thisMachinesBuildPassesItsOwnCheck() {
        assertDoesNotThrow(() -> CpuFeatures.ofThisMachine().requireSupported(RunEnvironment.nd4jNativeBuild()));
    }
}
