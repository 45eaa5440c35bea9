package io.github.invertible.training;

import io.github.invertible.common.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped models' metadata (beside and inside each zip) reads back, its constraint printing as written. */
class ShippedConstraintMetadataTest {

    @Test
    void everyShippedModelsConstraintReadsAndPrintsAsWritten() throws Exception {
        List<Path> zips;
        try (Stream<Path> s = Files.list(Path.of("model"))) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        assertFalse(zips.isEmpty());
        for (Path zip : zips) {
            String text = Files.readString(Path.of(zip.toString().replace(".zip", ".json")));
            ModelMetadata beside = Json.MAPPER.readValue(text, ModelMetadata.class);
            ModelMetadata inside = ModelFiles.readEmbedded(zip).orElseThrow();
            assertEquals(beside.spec(), inside.spec(), zip.toString());
            assertTrue(text.replace(" ", "").contains("\"constraint\":\"" + beside.spec().constraint() + "\""),
                    zip + ": " + beside.spec().constraint());
        }
    }
}
