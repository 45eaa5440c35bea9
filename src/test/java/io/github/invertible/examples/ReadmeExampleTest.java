package io.github.invertible.examples;

import io.github.invertible.data.ImageDataset;
import io.github.invertible.inversion.NetworkInversion;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Use it from Java" example of docs/java.md is this package's {@link UseFromJava}, verbatim, and it works. */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/io/github/invertible/examples/UseFromJava.java");

    @Test
    void readmeShowsExactlyTheTestedExample() throws IOException {
        String source = Files.readString(SOURCE);
        String region = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("// README:end"));
        Matcher m = Pattern.compile("## Use it from Java\\n.*?```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/java.md")));
        assertTrue(m.find(), "docs/java.md has a section 'Use it from Java' with a java code block");
        assertEquals(region, m.group(1), "docs/java.md block differs from the marked region of " + SOURCE);
    }

    @Test
    void exampleRecoversTheTestDigitsItPrintsAsRecovered() {
        int n = 4;
        NetworkInversion inv = UseFromJava.run(512, n);
        INDArray digits = ImageDataset.loadDefault().test().head(n).toDataSet(true).getFeatures().castTo(DataType.DOUBLE);
        assertArrayEquals(digits.shape(), inv.x().shape());
        for (int i = 0; i < n; i++) {
            assertTrue(inv.certified(i), "digit " + i + ": " + inv.failure()[i]);
            // independent of the certificate: the recovered pixels are the test digit's own (float inputs,
            // so agreement to float rounding amplified by the inverse)
            double err = inv.x().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).distance2(
                    digits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)))
                    / digits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).norm2Number().doubleValue();
            assertTrue(err < 1e-4, "digit " + i + " relative pixel error " + err);
        }
        assertEquals(List.of("res2", "res1", "pad", "squeeze"),
                inv.pieces().stream().map(NetworkInversion.PieceResult::vertex).toList());
    }
}
