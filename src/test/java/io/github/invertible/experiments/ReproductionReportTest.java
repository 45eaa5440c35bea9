package io.github.invertible.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report lists, under T2, one train command per model of every MNIST reference, each naming its own model. */
class ReproductionReportTest {
    @Test
    void listsOneTrainCommandPerSeedOfEveryMnistReference() {
        List<ReferenceModels.Reference> refs = ReferenceModels.of("mnist");
        String text = ReproductionReport.trainCommands(refs);
        List<String> expected = refs.stream().flatMap(r -> r.modelNames().stream()).toList();
        Matcher m = Pattern.compile("^- `app/train (.*)`$", Pattern.MULTILINE).matcher(text);
        List<String> named = new java.util.ArrayList<>();
        while (m.find()) {
            Matcher name = Pattern.compile("--name (\\S+)").matcher(m.group(1));
            assertTrue(name.find(), m.group(1));
            named.add(name.group(1));
            assertTrue(m.group(1).contains("--validation 5000"), "every row holds the validation split out");
        }
        assertEquals(expected, named);
        assertTrue(expected.size() >= ReferenceModels.DEFAULT_SEEDS + 4, "the default's seeds and four other rows");
    }
}
