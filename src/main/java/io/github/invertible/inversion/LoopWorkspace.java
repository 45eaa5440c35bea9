package io.github.invertible.inversion;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for the bodies of the inverses' loops. Without them every temporary of an iteration
 * (convolution outputs, products) is a fresh native allocation released only at the next GC, so each
 * iteration writes to cold, newly faulted-in pages; inside a workspace the same memory is reused from
 * one iteration to the next. Arrays created in the scope are invalid after it closes: results that must
 * outlive it are written in place into arrays created outside, or {@code detach()}ed.
 */
public final class LoopWorkspace {
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();

    private static volatile boolean enabled = true;

    private LoopWorkspace() {
    }

    /** Opens (activates) the workspace {@code id} of the current thread; close it at the end of the loop body. */
    public static MemoryWorkspace open(String id) {
        if (!enabled) {
            return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        }
        IDS.add(id);
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }

    /** The ids opened so far (a handful of loop bodies). */
    private static final java.util.Set<String> IDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Builds a value that outlives the caller's loop-workspace scope (a lazily built cache: an adjoint unit, the
     * fingerprint weights) outside any workspace, whatever scope the first call comes from (DESIGN §5.3).
     */
    public static <T> T outside(java.util.function.Supplier<T> build) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return build.get();
        }
    }

    /**
     * Frees what a finished batch left to the garbage collector (DESIGN §5.3). Every ND4J array, one in a workspace
     * too, holds native descriptors that only a collection frees, and JavaCPP asks for a collection only when the
     * process nears its physical limit ({@code .mvn/jvm.config}): 250 samples through 200 fixed-point iterations of a
     * unit leave ~60 MB of them, so a long inversion's resident set climbs to whatever limit it is given. One
     * collection per batch (and the idle loop workspaces dropped), at most one every {@value #GC_INTERVAL_MS} ms so
     * that many tiny batches do not pay for many collections, keeps it at the working set; every few collections the
     * C library's free pages are handed back too ({@link NativeHeap}). By hand because ND4J offers no deterministic
     * way to free those descriptors.
     */
    public static void releaseBatchGarbage() {
        long now = System.nanoTime();
        if (enabled && now - lastCollection > GC_INTERVAL_MS * 1_000_000L) {
            // this thread's loop workspaces keep the size of the largest batch they served; drop the idle ones
            // (the next batch re-learns its size in one iteration)
            MemoryWorkspaceManager m = Nd4j.getWorkspaceManager();
            for (String id : IDS) {
                if (m.checkIfWorkspaceExists(id)) {
                    MemoryWorkspace ws = m.getWorkspaceForCurrentThread(id);
                    if (!ws.isScopeActive()) {
                        m.destroyWorkspace(ws);
                    }
                }
            }
            // the previous collection's native blocks are freed by now (ND4J frees them on its deallocator threads)
            NativeHeap.trimNowAndThen();
            System.gc();
            lastCollection = System.nanoTime();
        }
    }

    /** Least time between two collections of {@link #releaseBatchGarbage()}. */
    static final long GC_INTERVAL_MS = 2000;
    private static volatile long lastCollection = System.nanoTime();

    /** On by default; off (plain allocations) only to measure what the workspaces save. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
