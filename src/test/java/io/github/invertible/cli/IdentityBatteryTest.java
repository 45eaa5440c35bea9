package io.github.invertible.cli;

import io.github.invertible.common.Checksums;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.IdxRole;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.SyntheticIdx;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.ModelFiles;
import io.github.invertible.training.ModelMetadata;
import io.github.invertible.training.ModelZips;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static io.github.invertible.cli.BadInputBatteryTest.COMMITTED_T1;
import static io.github.invertible.cli.BadInputBatteryTest.TINY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results always name the data and the model they came from (DESIGN §9), and merges never lose rows: every case a
 * careless or unlucky user could hit gives exit code 2 and one line naming the problem, before any work, and
 * leaves the committed models, data checksums and results byte-identical. Tiny synthetic data and untrained tiny
 * models: no case trains or inverts anything.
 */
class IdentityBatteryTest {
    private static Map<String, String> committed;

    @TempDir
    Path dir;

    @BeforeAll
    static void snapshot() throws IOException {
        ImageDataset.loadDefault(); // data/mnist, fetched if needed
        committed = committedFiles();
    }

    /** SHA-256 of every committed model, result and the data checksums. */
    static Map<String, String> committedFiles() throws IOException {
        Map<String, String> h = new TreeMap<>();
        for (Path root : List.of(Path.of("model"), Path.of("notebooks-export"), Path.of("data", "SHA256SUMS"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    h.put(p.toString(), Checksums.sha256(p));
                }
            }
        }
        return h;
    }

    @AfterEach
    void committedFilesUnchanged() throws IOException {
        assertEquals(committed, committedFiles(), "committed files byte-identical");
    }

    /** exit 2, one line, no trace; printed so the messages can be read in the test output. */
    static String fails(String... args) {
        String e = BadInputBatteryTest.fails(args);
        System.out.println("CASE " + String.join(" ", args) + "\n  -> " + e);
        return e;
    }

    Path outWithCommittedRows() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.copy(COMMITTED_T1, out.resolve("t1_relative_error.csv"));
        return out;
    }

    void assertRowsKept(Path out) throws IOException {
        assertArrayEquals(Files.readAllBytes(COMMITTED_T1), Files.readAllBytes(out.resolve("t1_relative_error.csv")));
    }

    private String[] train(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--model-dir", dir.resolve("models").toString()));
        a.addAll(List.of(extra));
        a.addAll(List.of(TINY));
        return a.toArray(String[]::new);
    }

    // ---- dataset identity

    @Test
    void aNamedDatasetMustBeItsPublishedFiles() throws IOException {
        // MNIST's own files given as Fashion-MNIST
        String e = fails(train("--dataset", "fashion-mnist", "--data-dir", ImageDataset.DEFAULT_DIR.toString()));
        assertTrue(e.contains("train-images-idx3-ubyte: not Fashion-MNIST's train-images-idx3-ubyte")
                && e.endsWith("pass --dataset idx"), e);
        // other data given for the default MNIST model
        Path other = SyntheticIdx.write(dir.resolve("other"), 28, 28, 10, 20, 10);
        Path out = outWithCommittedRows();
        e = fails("invert", "--data-dir", other.toString(), "--out", out.toString());
        assertTrue(e.contains("not MNIST's train-images-idx3-ubyte"), e);
        assertRowsKept(out);
        // the same data read as idx is named by its content, never by a built-in name
        ImageDataset idx = Datasets.load(Datasets.Id.IDX, other);
        assertTrue(idx.descriptor().label().matches("idx:[0-9a-f]{12}"), idx.descriptor().label());
        Path third = SyntheticIdx.write(dir.resolve("third"), 28, 28, 10, 22, 10);
        assertNotEquals(idx.descriptor().label(), Datasets.load(Datasets.Id.IDX, third).descriptor().label());
    }

    @Test
    void anIdxModelRefusesOtherTestData() throws IOException {
        Path trainedOn = SyntheticIdx.write(dir.resolve("a"), 28, 28, 10, 20, 10);
        Path zip = tinyModel(Datasets.load(Datasets.Id.IDX, trainedOn).descriptor());
        Path other = SyntheticIdx.write(dir.resolve("b"), 28, 28, 10, 20, 12);
        String e = fails("invert", "--model", zip.toString(), "--data-dir", other.toString(), "--out",
                dir.resolve("out").toString());
        assertTrue(e.contains("not the data model m was trained on") && e.contains(trainedOn.toString()), e);
        assertTrue(!Files.exists(dir.resolve("out").resolve("t1_relative_error_datasets.csv")), "nothing written");
    }

    /** An untrained tiny model of MNIST's shape with metadata naming {@code dataset}. */
    Path tinyModel(io.github.invertible.data.DatasetDescriptor dataset) {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("tied").unitsPerStage(1).convWidth1(4)
                .hidden1(8).hidden2(16).headConvLayers(0).headWidth(32).build();
        ComputationGraph net = NetworkFactory.build(spec);
        ModelMetadata meta = new ModelMetadata("m", spec, 1, 1, 64, 20, 0, 0, 0, net.numParams(), 10,
                new double[10], 0, 0, List.of(), null, Map.of(), Map.of(), dataset, 0, null, false);
        Path zip = dir.resolve("m.zip");
        ModelFiles.write(net, meta, zip, dir.resolve("m.json"));
        return zip;
    }

    // ---- model identity

    @Test
    void editedOrUnreadableEmbeddedMetadataIsRefused() throws IOException {
        Path out = outWithCommittedRows();
        Path fashion = Files.copy(Path.of("model", "fashion-mnist-tied.zip"), dir.resolve("fashion-mnist-tied.zip"));
        ModelZips.editMetadata(fashion, t -> t.replace("\"name\" : \"fashion-mnist\"", "\"name\" : \"mnist\""));
        String e = fails("invert", "--model", fashion.toString(), "--out", out.toString());
        assertTrue(e.contains("the embedded metadata was edited"), e);
        Path mnist = Files.copy(Path.of("model", "conv-tied.zip"), dir.resolve("conv-tied.zip"));
        ModelZips.editMetadata(mnist, t -> t.replace("\"name\" : \"mnist\"", "\"name\" : \"fashion-mnist\""));
        e = fails("invert", "--model", mnist.toString(), "--out", out.toString());
        assertTrue(e.contains("the embedded metadata was edited"), e);
        Path broken = Files.copy(Path.of("model", "conv-tied.zip"), dir.resolve("broken.zip"));
        ModelZips.breakMetadata(broken);
        e = fails("invert", "--model", broken.toString(), "--out", out.toString());
        assertTrue(e.contains("the embedded metadata (objects/model_metadata) is unreadable"), e);
        assertRowsKept(out);
    }

    // ---- labels

    @Test
    void labelsOutsideTheClassesAreRefusedNamingFileAndIndex() throws IOException {
        Path d = SyntheticIdx.write(dir.resolve("d"), 8, 8, 3, 12, 6);
        Path trainLabels = d.resolve(IdxRole.TRAIN_LABELS.fileName());
        Path testLabels = d.resolve(IdxRole.TEST_LABELS.fileName());
        Files.write(trainLabels, SyntheticIdx.labelFile(0, 1, 2, 200, 0, 1, 2, 0, 1, 2, 0, 1));
        String e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(trainLabels + ": no training sample of class 3, yet label 200 at index 3"), e);

        Files.write(trainLabels, SyntheticIdx.labelFile(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2));
        Files.write(testLabels, SyntheticIdx.labelFile(0, 1, 2, 0, 5, 1));
        e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(testLabels + ": label 5 at index 4 is not one of the 3 classes 0..2"), e);

        Files.write(trainLabels, SyntheticIdx.labelFile(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Files.write(testLabels, SyntheticIdx.labelFile(0, 1, 2, 0, 1, 2));
        e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(trainLabels + ": every label is 0; a classifier needs at least 2 classes"), e);
    }

    // ---- IDX headers

    @Test
    void headersAnnouncingHugeCountsAreRefusedBeforeAllocating() throws IOException {
        Path d = SyntheticIdx.write(dir.resolve("h"), 8, 8, 3, 12, 6);
        Path trainLabels = d.resolve(IdxRole.TRAIN_LABELS.fileName());
        byte[] l = SyntheticIdx.labelFile(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        java.nio.ByteBuffer.wrap(l).putInt(4, 0x7fffffff);
        Files.write(trainLabels, l);
        String e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(trainLabels + ": truncated file (header announces 2147483647 labels"), e);

        SyntheticIdx.write(d, 8, 8, 3, 12, 6);
        Path images = d.resolve(IdxRole.TRAIN_IMAGES.fileName());
        byte[] img = Files.readAllBytes(images);
        java.nio.ByteBuffer.wrap(img).putInt(4, 100_000_000);
        Files.write(images, img);
        e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(images + ": truncated file (header announces 100000000 images"), e);
        // gzipped: the size is known only once read, so the images are read as they come
        Files.delete(images);
        Path gz = d.resolve(IdxRole.TRAIN_IMAGES.fileName() + ".gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(img);
        }
        e = fails(train("--dataset", "idx", "--data-dir", d.toString()));
        assertTrue(e.contains(gz + ": truncated file (header announces 100000000 items, data ends at item 12)"), e);
    }

    // ---- result files

    @Test
    void resultFilesThatCannotBeMergedAreRefusedBeforeAnyWork() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path csv = out.resolve("t1_relative_error.csv");
        List<String> lines = Files.readAllLines(COMMITTED_T1);
        String header = lines.get(0);
        Files.writeString(csv, String.join("\n", lines).replace(header, header.replace("failures", "failure")));
        byte[] before = Files.readAllBytes(csv);
        String e = fails("invert", "--out", out.toString());
        assertTrue(e.contains("its header (") && e.contains("rows in it would be lost"), e);
        assertArrayEquals(before, Files.readAllBytes(csv), "rows kept");

        Files.write(csv, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertTrue(fails("invert", "--out", out.toString()).contains("not a CSV text file"));
        Files.write(csv, new byte[0]);
        assertTrue(fails("invert", "--out", out.toString()).contains("empty file"));
        Files.writeString(csv, header + "\nconv-tied,proposed,all\n");
        assertTrue(fails("invert", "--out", out.toString()).contains("has 3 cells, header has 10; the file is damaged"));
        Files.delete(csv);
        Files.createDirectories(csv);
        assertTrue(fails("invert", "--out", out.toString()).contains("is a folder where this run writes a file"));
        Files.delete(csv);
        Files.createDirectories(out.resolve("f3_recovered.png"));
        assertTrue(fails("invert", "--out", out.toString()).contains("f3_recovered.png: is a folder"));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("f3_recovered.png")), s.toList(), "nothing written");
        }
    }

    @Test
    void aHeaderInAnotherOrderIsReadByName() throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "b,a\n2,1\n4,3\n");
        assertEquals(List.of(List.of("1", "2"), List.of("3", "4")), MergedResults.read(csv, new String[]{"a", "b"}));
    }

    @Test
    void reproduceChecksItsTablesBeforeAnyWork() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("t1_relative_error.csv"), "model,failure\n");
        String e = fails("reproduce", "--out", out.toString());
        assertTrue(e.contains("t1_relative_error.csv: its header (model,failure)"), e);
        Files.delete(out.resolve("t1_relative_error.csv"));
        Files.createDirectories(out.resolve("f1_rlt_invertibility.csv"));
        e = fails("reproduce", "--out", out.toString());
        assertTrue(e.contains("f1_rlt_invertibility.csv: is a folder"), e);
        assertTrue(!Files.exists(StagedFolder.stagingOf(out)), "no staging copy left");
    }

    // ---- ranges

    @Test
    void floatingOptionsMustBeFiniteAndTheGemmSizeBounded() {
        assertEquals("error: --lr must be a finite number (got Infinity)", fails(train("--lr", "Infinity")));
        assertEquals("error: --rotate must be a finite number (got NaN)", fails(train("--rotate", "NaN")));
        assertEquals("error: --weight-decay must be a finite number (got Infinity)",
                fails(train("--weight-decay", "Infinity")));
        assertEquals("error: --tolerance must be a finite number (got Infinity)",
                fails("invert", "--tolerance", "Infinity", "--out", dir.toString()));
        assertEquals("error: --gemm-size must be between 64 and 8192 (got 100000)",
                fails("benchmark", "--gemm-size", "100000", "--out", dir.toString()));
        assertEquals("error: --gemm-size must be between 64 and 8192 (got 0)",
                fails("benchmark", "--gemm-size", "0", "--out", dir.toString()));
    }
}
