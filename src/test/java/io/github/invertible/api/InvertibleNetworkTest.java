package io.github.invertible.api;

import io.github.invertible.common.UserError;
import io.github.invertible.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade examples/consumer uses: a shipped model recovers test digits, certified, checked pixel by pixel. */
class InvertibleNetworkTest {

    @Test
    void aShippedModelRecoversTestDigitsWithACertificate() {
        InvertibleNetwork net = InvertibleNetwork.load(Path.of("model", "conv-tied.zip"));
        INDArray digits = ImageDataset.loadDefault().test().head(2).toDataSet(true).getFeatures();
        InvertibleNetwork.Recovery r = net.recover(digits);
        assertArrayEquals(digits.shape(), r.images().shape());
        assertEquals(7, net.predict(digits)[0], "the first MNIST test digit is a 7");
        for (int i = 0; i < 2; i++) {
            assertTrue(r.certified(i), "digit " + i);
            // independent of the certificate: the recovered pixels against the digit's own
            INDArray a = digits.get(NDArrayIndex.point(i)).castTo(DataType.DOUBLE);
            double err = r.images().get(NDArrayIndex.point(i)).distance2(a) / a.norm2Number().doubleValue();
            assertEquals(err, r.pixelError()[i], 1e-12);
            assertTrue(err < 1e-4, "digit " + i + " relative pixel error " + err);
        }
        // the hidden representation is DL4J's own forward pass at the top of the feature stage
        assertEquals(net.graph().feedForward(digits, false).get(net.hiddenLayer()), net.hidden(digits));
    }

    @Test
    void aMissingOrForeignFileIsOneLine(@TempDir Path dir) throws Exception {
        var missing = assertThrows(UserError.class, () -> InvertibleNetwork.load(dir.resolve("none.zip")));
        assertTrue(missing.getMessage().contains("none.zip"), missing.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a zip");
        var bad = assertThrows(UserError.class, () -> InvertibleNetwork.load(junk));
        assertTrue(bad.getMessage().contains("junk.zip"), bad.getMessage());
    }
}
