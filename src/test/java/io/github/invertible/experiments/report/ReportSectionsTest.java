package io.github.invertible.experiments.report;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every section class of this package is registered in {@link ReportSections#PAPER_ORDER}, and once only. */
class ReportSectionsTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/invertible/experiments/report");

    @Test
    void everySectionIsRegisteredOnce() throws Exception {
        Set<Class<?>> sections = new HashSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (name.equals("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(ReportSection.class.getPackageName() + "." + name);
                if (ReportSection.class.isAssignableFrom(c) && !c.isInterface()) {
                    sections.add(c);
                }
            }
        }
        List<Class<?>> registered = ReportSections.PAPER_ORDER.stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(registered.size(), new HashSet<>(registered).size(), "a section registered twice: " + registered);
        assertEquals(sections, new HashSet<>(registered), "every section class, and only those, in PAPER_ORDER");
    }
}
