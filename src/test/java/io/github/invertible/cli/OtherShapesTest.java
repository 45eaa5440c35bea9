package io.github.invertible.cli;

import io.github.invertible.common.ImageShape;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.SyntheticIdx;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.training.ModelFiles;
import io.github.invertible.training.ModelMetadata;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --dataset idx} end to end on images of another shape (DESIGN §9): a synthetic IDX folder of 3 classes of
 * 20×20 images trains a few steps from the command line, and its feature stage inverts to the certificate; an odd
 * side is one clear line with exit code 2.
 */
class OtherShapesTest {
    static final String[] TINY = {"--units", "1", "--width1", "4", "--hidden1", "8", "--hidden2", "16",
            "--head-conv-layers", "0", "--head", "16", "--batch", "16", "--epochs", "1", "--validation", "12"};

    @TempDir
    Path dir;

    private static int run(String... args) {
        return Main.commandLine().execute(args);
    }

    private List<String> train(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "idx", "--data-dir", data.toString(),
                "--model-dir", dir.resolve("models").toString(), "--name", "shapes"));
        args.addAll(List.of(TINY));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void twentyByTwentyTrainsAndItsFeatureStageInverts() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("idx20"), 20, 20, 3, 60, 12);
        assertEquals(0, run(train(data).toArray(String[]::new)));
        Path zip = dir.resolve("models").resolve("shapes.zip");
        ModelMetadata meta = ModelFiles.readEmbedded(zip).orElseThrow();
        assertEquals("idx", meta.dataset().name());
        assertEquals(new ImageShape(1, 20, 20, 3), meta.dataset().shape());
        assertEquals(12, meta.validation());
        assertEquals(48, meta.trainSamples());
        assertEquals(3, meta.perClassAccuracyPct().length);

        ComputationGraph net = InvertCommand.load(zip);
        FeatureStageInverter inverter = FeatureStageInverter.of(net);
        ImageDataset m = Datasets.load(Datasets.Id.IDX, data);
        INDArray x = m.test().head(6).features(true, DataType.FLOAT);
        String top = inverter.top();
        INDArray y = net.feedForward(x, false).get(top);
        assertArrayEquals(new long[]{6, 16, 5, 5}, y.shape(), "two squeezes: 20x20 -> 10x10 -> 5x5");
        NetworkInversion inv = inverter.invert(y.castTo(DataType.DOUBLE), top, InverseMethod.PROPOSED,
                InverseOptions.defaults());
        assertArrayEquals(x.shape(), inv.x().shape());
        // re-apply the forward map (DL4J's own float pass) to the recovered images: the representation comes back
        INDArray again = net.feedForward(inv.x().castTo(DataType.FLOAT), false).get(top);
        for (int i = 0; i < 6; i++) {
            assertTrue(inv.certified(i), "image " + i + ": " + inv.failure()[i]);
            INDArray yi = y.slice(i);
            double rel = again.slice(i).distance2(yi) / yi.norm2Number().doubleValue();
            assertTrue(rel < 1e-5, "image " + i + ": forward map of the recovered image is off by " + rel);
            double px = inv.x().slice(i).castTo(DataType.FLOAT).distance2(x.slice(i)) / x.slice(i).norm2Number()
                    .doubleValue();
            assertTrue(px < 1e-4, "image " + i + ": recovered pixels off by " + px);
        }

        // invert from the command line reads the dataset (and its folder) from the model's metadata
        Path out = dir.resolve("out");
        assertEquals(0, run("invert", "--model", zip.toString(), "--per-class", "2", "--out", out.toString(),
                "--methods", "proposed"));
        List<String> csv = Files.readAllLines(out.resolve("t1_relative_error_datasets.csv"));
        assertTrue(csv.get(0).endsWith(",dataset,class_name"), csv.get(0));
        assertEquals(1 + 4, csv.size(), "3 classes + all");
        assertTrue(csv.get(csv.size() - 1).startsWith("shapes,proposed,all,6,"), csv.get(csv.size() - 1));
        // a mismatching explicit --dataset is refused in one line
        String e = BadInputBatteryTest.fails("invert", "--model", zip.toString(), "--dataset", "mnist", "--out",
                out.toString());
        assertTrue(e.contains("model shapes was trained on idx"), e);
    }

    @Test
    void anOddSideIsOneClearLine() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("idx21"), 21, 21, 3, 30, 6);
        String e = BadInputBatteryTest.fails(train(data).toArray(String[]::new));
        assertEquals("error: images of 1x21x21 do not fit --arch conv: its two space-to-depth squeezes need height "
                + "and width divisible by 4 (pad the images, or use --arch dense or plaincnn)", e);
        // the dense architecture takes any shape: its units are C*H*W = 441 wide
        assertEquals(0, run(train(data, "--arch", "dense", "--dense-width", "16", "--fresh").toArray(String[]::new)));
    }

    @Test
    void aValidationSplitAsLargeAsTheTrainingFileIsOneLine() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("idx20"), 20, 20, 3, 12, 3);
        String e = BadInputBatteryTest.fails(train(data).toArray(String[]::new)); // --validation 12 of 12
        assertEquals("error: --validation 12 leaves no training images (the training file has 12)", e);
        String d = BadInputBatteryTest.fails("train", "--dataset", "cifar");
        assertTrue(d.contains("unknown dataset 'cifar'; expected mnist, fashion-mnist or idx"), d);
    }
}
