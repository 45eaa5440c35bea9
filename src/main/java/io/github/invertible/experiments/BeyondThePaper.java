package io.github.invertible.experiments;

import io.github.invertible.data.ImageDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The experiments that go beyond the paper, run by {@code reproduce}: T1 by depth, F4 and F5. */
public final class BeyondThePaper {
    private BeyondThePaper() {
    }

    /**
     * Runs each experiment on the reference models in modelDir, recording its wall time in provenance.
     *
     * @param depthPerClass T1 by depth: digits per class inverted from every vertex
     */
    public static void run(Path modelDir, Path out, ImageDataset mnist, int depthPerClass, Map<String, Object> provenance)
            throws IOException {
        long t = System.nanoTime();
        System.out.println("== T1 by depth");
        T1ByDepth.run(modelDir, out, mnist, depthPerClass);
        provenance.put("minutes, T1 by depth", minutes(t));
        t = System.nanoTime();
        System.out.println("== F4 interpolations");
        F4Interpolation.run(modelDir, out, mnist);
        provenance.put("minutes, F4 interpolations", minutes(t));
        t = System.nanoTime();
        System.out.println("== F5 stability of the inverse");
        F5InverseStability.run(modelDir, out, mnist);
        provenance.put("minutes, F5 stability of the inverse", minutes(t));
    }

    private static String minutes(long since) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - since) / 6e10);
    }
}
