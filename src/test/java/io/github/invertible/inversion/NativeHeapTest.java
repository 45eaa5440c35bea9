package io.github.invertible.inversion;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the trim is for, on glibc: blocks freed below a live one stay resident (glibc returns only the top of its
 * heap by itself) until malloc_trim hands their pages back.
 */
class NativeHeapTest {
    private static final int BLOCK = 64 << 10;   // below glibc's mmap threshold: served from the heap
    private static final int BLOCKS = 2048;      // 128 MiB

    @Test
    void freedBlocksBelowALiveOneLeaveTheResidentSetOnlyWhenTrimmed() {
        List<Pointer> blocks = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) {
            Pointer p = Pointer.malloc(BLOCK);
            assumeTrue(p != null && !p.isNull(), "malloc failed");
            Pointer.memset(p, 1, BLOCK); // touch every page
            blocks.add(p);
        }
        // free all but the last one, which keeps the freed ones away from the top of the heap
        for (int i = 0; i < BLOCKS - 1; i++) {
            Pointer.free(blocks.get(i));
        }
        long held = Pointer.physicalBytes();
        boolean trimmed = NativeHeap.trim();
        long after = Pointer.physicalBytes();
        Pointer.free(blocks.get(BLOCKS - 1));
        assumeTrue(trimmed, "no malloc_trim in this C library");
        long released = held - after;
        assertTrue(released > (BLOCK * (long) BLOCKS) / 2,
                "the trim released " + (released >> 20) + " MiB of the 128 MiB freed");
    }

    @Test
    void trimsAtMostOncePerInterval() {
        assumeTrue(NativeHeap.trim(), "no malloc_trim in this C library");
        long before = NativeHeap.trims();
        for (int i = 0; i < 5; i++) {
            NativeHeap.trimNowAndThen();
        }
        assertEquals(before, NativeHeap.trims(), "a trim just happened: none until the interval has passed");
    }
}
