package io.github.invertible.experiments.report;

import io.github.invertible.references.ReferenceModels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report lists, under T2, one train command per model of every MNIST reference, each naming its own model. */
class T2SectionTest {
    @Test
    void listsOneTrainCommandPerSeedOfEveryMnistReference() {
        List<ReferenceModels.Reference> refs = ReferenceModels.of("mnist");
        String text = T2Section.trainCommands(refs);
        List<String> expected = refs.stream().flatMap(r -> r.modelNames().stream()).toList();
        Matcher shared = Pattern.compile("`app/train ([^`]*)` with").matcher(text);
        assertTrue(shared.find(), text);
        String common = shared.group(1);
        assertTrue(common.contains("--validation 5000"), "every row holds the validation split out: " + common);
        Matcher m = Pattern.compile("^- `(.*)`$", Pattern.MULTILINE).matcher(text);
        List<String> named = new java.util.ArrayList<>();
        int row = 0;
        List<List<String>> full = refs.stream().flatMap(r -> java.util.stream.IntStream.rangeClosed(1, r.seeds())
                .mapToObj(r::trainCommand)).toList();
        while (m.find()) {
            Matcher name = Pattern.compile("--name (\\S+)").matcher(m.group(1));
            assertTrue(name.find(), m.group(1));
            named.add(name.group(1));
            // the shared options and the row's own are together exactly the reference's command
            List<String> said = new java.util.ArrayList<>(T2Section.options(List.of(common.split(" "))));
            said.addAll(T2Section.options(List.of(m.group(1).split(" "))));
            List<String> want = T2Section.options(full.get(row++));
            assertEquals(new java.util.TreeSet<>(want), new java.util.TreeSet<>(said), m.group(1));
            assertEquals(want.size(), said.size(), m.group(1));
        }
        assertEquals(expected, named);
        assertTrue(expected.size() >= ReferenceModels.DEFAULT_SEEDS + 4, "the default's seeds and four other rows");
    }
}
