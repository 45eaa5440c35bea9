package io.github.invertible.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU's vector extensions (from {@code /proc/cpuinfo}) against the ND4J native build on the class path
 * (docs/DESIGN.md §10.4). The build is chosen by Maven: {@code linux-x86_64-onednn-avx2} by default,
 * {@code -Pavx512} for {@code linux-x86_64-onednn-avx512}. An AVX-512 build on a CPU without AVX-512 would die
 * with an illegal instruction inside native code, so it is refused in one line before ND4J loads; an AVX2 build
 * on an AVX-512 CPU works and gets a one-line hint.
 */
public final class CpuFeatures {
    /** The extensions that decide which ND4J build runs here, in the order they are reported. */
    public static final List<String> REPORTED = List.of("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni",
            "avx512_bf16");

    private final Set<String> flags;

    private CpuFeatures(Set<String> flags) {
        this.flags = flags;
    }

    /** The features of {@code cpuinfo}'s first {@code flags} line (Linux's format); none if there is no such line. */
    public static CpuFeatures parse(String cpuinfo) {
        Set<String> flags = new TreeSet<>();
        cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst()
                .ifPresent(l -> flags.addAll(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))));
        return new CpuFeatures(flags);
    }

    /** This machine's features, or none where {@code /proc/cpuinfo} cannot be read (then nothing is checked). */
    public static CpuFeatures ofThisMachine() {
        return ThisMachine.FEATURES;
    }

    /** Read once, when first asked (start-up and every run record ask). */
    private static final class ThisMachine {
        static final CpuFeatures FEATURES = read();

        private static CpuFeatures read() {
            try {
                return parse(Files.readString(Path.of("/proc/cpuinfo")));
            } catch (IOException | RuntimeException e) {
                return new CpuFeatures(Set.of());
            }
        }
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** "avx2 fma" and so on: the reported extensions this CPU has, or "unknown". */
    public String vectorExtensions() {
        if (flags.isEmpty()) {
            return "unknown";
        }
        List<String> present = REPORTED.stream().filter(flags::contains).toList();
        return present.isEmpty() ? "none of " + REPORTED : String.join(" ", present);
    }

    /**
     * Refuses {@code nativeBuild} (e.g. {@code nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512}) when it needs an
     * extension this CPU lacks.
     *
     * @throws UserError naming the build, the CPU's extensions and the build to use instead
     */
    public void requireSupported(String nativeBuild) {
        if (flags.isEmpty() || nativeBuild == null) {
            return;
        }
        if (nativeBuild.contains("avx512") && !has("avx512f")) {
            throw new UserError("the ND4J native build " + nativeBuild + " needs AVX-512, which this CPU does not have ("
                    + vectorExtensions() + "); build without -Pavx512 (the default, onednn-avx2)");
        }
        if (nativeBuild.contains("avx2") && !has("avx2")) {
            throw new UserError("the ND4J native build " + nativeBuild + " needs AVX2, which this CPU does not have ("
                    + vectorExtensions() + "); build with -Dnd4j.classifier=linux-x86_64");
        }
    }

    /** Which build suits this CPU, said beside {@code nativeBuild} (the benchmark's notes). */
    public String advice(String nativeBuild) {
        if (nativeBuild != null && nativeBuild.contains("avx2") && has("avx512f")) {
            return "this CPU has AVX-512 (" + vectorExtensions() + "): mvn -Pavx512 selects ND4J's onednn-avx512 build";
        }
        return "CPU extensions " + vectorExtensions() + (has("avx512f") ? "" : ", no AVX-512: onednn-avx2 is the "
                + "fastest ND4J build this CPU runs");
    }
}
