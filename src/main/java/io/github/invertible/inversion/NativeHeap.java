package io.github.invertible.inversion;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Gives the C heap's free pages back to the operating system. ND4J frees its native buffers with {@code free()}, and
 * glibc keeps freed blocks that are not at the top of a heap for reuse: T1's inversion (the four methods in turn)
 * climbed to 2028 MiB resident with every array freed and ~0.7 GB live right after a trim. Fewer arenas
 * ({@code MALLOC_ARENA_MAX=2}: 2002 MiB) or glibc's trim and mmap thresholds (1837 MiB) change little;
 * {@code malloc_trim(0)}, which returns the free pages of every arena, does. By hand because neither ND4J nor JavaCPP
 * 1.5.7 exposes it (JavaCPP's {@code Pointer.trimMemory} came later); JNA comes with DL4J (declared in the pom).
 */
final class NativeHeap {
    /** malloc_trim of glibc, or null where there is none (not Linux, or another C library). */
    private static final Function TRIM = lookUp();

    private NativeHeap() {
    }

    private static Function lookUp() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError e) {
            return null; // musl and others: no arenas to trim
        }
    }

    /**
     * Least time between two trims. A trim hands the free pages back, so the next batches fault theirs in again:
     * trimming at every per-batch collection (every 2 s) held T1's inversion at 1389 MiB but took 18 % longer
     * (page faults 11.6 M → 18.5 M); every 15 s, 1534 MiB and 7 % longer (DESIGN §5.3). Triggers on the resident
     * set's growth since the last trim bounded the peak less well: it is set by short spikes.
     */
    static final long TRIM_INTERVAL_MS = 10_000;
    private static long lastTrim = System.nanoTime();
    private static long trims = 0;

    /**
     * Returns the free pages of every arena to the system, at most once per {@value #TRIM_INTERVAL_MS} ms (nothing
     * where the C library has no trim).
     */
    static synchronized void trimNowAndThen() {
        if (System.nanoTime() - lastTrim >= TRIM_INTERVAL_MS * 1_000_000L) {
            trim();
        }
    }

    /** malloc_trim(0) now; false where the C library has none. */
    static synchronized boolean trim() {
        if (TRIM == null) {
            return false;
        }
        TRIM.invokeInt(new Object[] {0});
        lastTrim = System.nanoTime();
        trims++;
        return true;
    }

    /** Trims so far. */
    static synchronized long trims() {
        return trims;
    }
}
