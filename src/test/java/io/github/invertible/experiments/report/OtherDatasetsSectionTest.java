package io.github.invertible.experiments.report;

import io.github.invertible.common.Json;
import io.github.invertible.data.Datasets;
import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's Fashion-MNIST section: absent without its CSV; with it, F3, T1 with class names and T2 rows. */
class OtherDatasetsSectionTest {
    @TempDir
    Path dir;

    private ModelMetadata fashion() {
        return new ModelMetadata("fashion-mnist-tied", NetworkSpec.defaults(), 1, 9, 128, 55000, 2, 10, 0.1, 5,
                93.71, new double[10], 12.5, 700, List.of(new EpochRecord(1, 93.71, 1, 1, 0.2, 94.02)), "abc",
                Map.of("timestamp", "t", "cpus", 2), Map.of(), Datasets.FASHION_MNIST, 5000, 94.02);
    }

    @Test
    void theSectionFollowsTheDatasetsCsv() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        String without = ReproductionReport.build(out, List.of(), Map.of()).toMarkdown();
        assertFalse(without.contains("Beyond MNIST"), "no section before the models exist");

        Files.writeString(out.resolve(RelativeErrorTable.DATASETS_CSV), String.join(",",
                RelativeErrorTable.DATASET_COLUMNS) + "\n"
                + "fashion-mnist-tied,proposed,9,100,1e-9,2e-9,100,4,6,,fashion-mnist,Ankle boot\n"
                + "fashion-mnist-tied,proposed,all,1000,1e-9,2e-9,100,4,6,,fashion-mnist,all\n");
        Files.write(out.resolve("t1_relative_error.csv"), String.join(",", RelativeErrorTable.COLUMNS)
                .concat("\nconv-tied,proposed,all,1000,1e-9,2e-9,100,4,6,\n").getBytes());
        Files.write(out.resolve("f3_recovered.png"), new byte[]{1});
        Files.write(out.resolve("f3_recovered_fashion-mnist-tied.png"), new byte[]{1});
        String md = ReproductionReport.build(out, List.of(fashion()), Map.of()).toMarkdown();
        int section = md.indexOf("## Beyond MNIST — fashion-mnist");
        assertTrue(section > 0, md);
        assertTrue(md.indexOf("f3_recovered_fashion-mnist-tied.png") > section, "its F3 is in its own section");
        assertEquals(md.indexOf("f3_recovered_fashion-mnist-tied.png"),
                md.lastIndexOf("f3_recovered_fashion-mnist-tied.png"), "and only there");
        assertTrue(md.contains("Ankle boot"), "class names in T1");
        assertTrue(md.contains("fashion-mnist-tied, proposed: 100 % of 1000 test images recovered"), md);
        assertTrue(md.contains("| fashion-mnist-tied | conv | tied | 5 | 9 | 5000 | 94.02 | 93.71 | 12.5 |"), md);
    }

    @Test
    void t2ComparesTheDefaultWithThePlainBaseline() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out2"));
        Files.writeString(out.resolve(RelativeErrorTable.DATASETS_CSV), String.join(",",
                RelativeErrorTable.DATASET_COLUMNS) + "\n"
                + "fashion-mnist-tied,proposed,all,1000,1e-9,2e-9,100,4,6,,fashion-mnist,all\n");
        ModelMetadata tied = fashion();
        String md = ReproductionReport.build(out, List.of(tied), Map.of()).toMarkdown();
        assertFalse(md.contains("Cost of invertibility"), "no baseline, no comparison");
        ModelMetadata plain = new ModelMetadata("fashion-mnist-plaincnn",
                NetworkSpec.builder().arch(NetworkSpec.Arch.PLAINCNN).constraint(
                        io.github.invertible.model.ConstraintMode.NONE).build(), 1, 9, 128, 55000, 2, 10, 0.1, 800,
                94.21, new double[10], 14.0, 700, List.of(new EpochRecord(1, 94.21, 1, 1, 0.2, 94.5)), "abc",
                Map.of("timestamp", "t", "cpus", 2), Map.of(), Datasets.FASHION_MNIST, 5000, 94.5);
        md = ReproductionReport.build(out, List.of(tied, plain), Map.of()).toMarkdown();
        assertTrue(md.contains("| fashion-mnist-plaincnn | plaincnn | none | 800 | 9 |"), md);
        assertTrue(md.contains("**Cost of invertibility.** fashion-mnist-tied (1 seed) minus fashion-mnist-plaincnn "
                + "(1 seed), same budget, 9 epochs each: -0.5 percentage points"), md);
    }

    @Test
    void t2KeepsOnlyMnistModels() throws Exception {
        Path models = Files.createDirectories(dir.resolve("model"));
        Json.write(models.resolve("fashion-mnist-tied.json"), fashion());
        Files.copy(Path.of("model", "conv-tied.json"), models.resolve("conv-tied.json"));
        String csv = AccuracyTable.build(models).toCsv();
        List<String> names = csv.lines().map(l -> l.split(",")[0]).toList();
        assertTrue(names.contains("conv-tied"), names.toString());
        assertFalse(names.contains("fashion-mnist-tied"), names.toString());
    }
}
