package io.github.invertible.inversion;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
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
        return enabled ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id)
                : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }

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
     * collection per batch (milliseconds with this program's small heap) keeps it at the working set. By hand
     * because ND4J offers no deterministic way to free those descriptors.
     */
    public static void releaseBatchGarbage() {
        if (enabled) {
            System.gc();
        }
    }

    /** On by default; off (plain allocations) only to measure what the workspaces save. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
