package io.github.invertible.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** reproduce's output folder is replaced as a whole or not at all. */
class StagedFolderTest {
    @TempDir
    Path dir;

    Path oldFolder() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("t1.csv"), "old T1");
        Files.writeString(out.resolve("report.md"), "old report");
        return out;
    }

    @Test
    void aFailedRunLeavesTheFolderAsItWas() throws Exception {
        Path out = oldFolder();
        StagedFolder s = StagedFolder.begin(out);
        assertEquals("old T1", Files.readString(s.dir().resolve("t1.csv")), "the work starts from a copy");
        Files.writeString(s.dir().resolve("f1.csv"), "new F1");
        Files.writeString(s.dir().resolve("t1.csv"), "new T1");
        assertThrows(IllegalStateException.class, () -> {
            try {
                throw new IllegalStateException("step failed");
            } finally {
                s.discardIfOpen();
            }
        });
        assertEquals("old T1", Files.readString(out.resolve("t1.csv")));
        assertFalse(Files.exists(out.resolve("f1.csv")));
        assertFalse(Files.exists(s.dir()));
    }

    @Test
    void aCommittedRunReplacesTheWholeFolder() throws Exception {
        Path out = oldFolder();
        StagedFolder s = StagedFolder.begin(out);
        Files.writeString(s.dir().resolve("t1.csv"), "new T1");
        Files.writeString(s.dir().resolve("report.md"), "new report");
        s.commit();
        s.discardIfOpen();
        assertEquals("new T1", Files.readString(out.resolve("t1.csv")));
        assertEquals("new report", Files.readString(out.resolve("report.md")));
        assertFalse(Files.exists(StagedFolder.stagingOf(out)));
        assertFalse(Files.exists(StagedFolder.previousOf(out)));
    }

    @Test
    void aKillLeavesTheOldFolderAndTheNextRunCleansUp() throws Exception {
        Path out = oldFolder();
        StagedFolder killed = StagedFolder.begin(out);
        Files.writeString(killed.dir().resolve("f1.csv"), "half a run"); // killed here: no commit, no discard
        assertEquals("old T1", Files.readString(out.resolve("t1.csv")));
        StagedFolder.recover(out);
        assertFalse(Files.exists(killed.dir()), "the stale copy is removed by the next run");

        // killed between the two renames of a swap: the old folder is put back
        Files.move(out, StagedFolder.previousOf(out));
        StagedFolder.recover(out);
        assertEquals("old report", Files.readString(out.resolve("report.md")));
        assertFalse(Files.exists(StagedFolder.previousOf(out)));
    }
}
