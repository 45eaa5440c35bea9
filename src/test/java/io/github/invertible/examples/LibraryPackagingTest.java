package io.github.invertible.examples;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project as a dependency (its pom) and the consumer example that uses it (built and run against the installed
 * artifact by .ci/consumer; here what can be checked without an install).
 */
class LibraryPackagingTest {
    private static final Path CONSUMER = Path.of("examples", "consumer");

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
    }

    @Test
    void consumersGetTheThinJarWithoutBackendLoggingBindingOrDashboard() throws Exception {
        Document pom = pom(Path.of("pom.xml"));
        Element direct = null; // the project's own <dependencies>, not dependencyManagement's
        NodeList all = pom.getElementsByTagName("dependencies");
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i).getParentNode() == pom.getDocumentElement()) {
                direct = (Element) all.item(i);
            }
        }
        NodeList deps = direct.getElementsByTagName("dependency");
        int optional = 0;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (d.getParentNode() != direct) {
                continue;
            }
            String id = text(d, "groupId") + ":" + text(d, "artifactId");
            boolean isOptional = "true".equals(text(d, "optional"));
            boolean chosenByTheApplication = id.contains("nd4j.backend") || id.endsWith(":openblas")
                    || id.endsWith(":slf4j-simple") || id.endsWith(":deeplearning4j-ui");
            if (chosenByTheApplication) {
                assertTrue(isOptional, id + " must be optional: the application chooses it");
                optional++;
            }
            assertTrue(!id.endsWith(":deeplearning4j-core"), "deeplearning4j-core drags every platform's natives");
        }
        assertEquals(5, optional, "backend (2), openblas, slf4j-simple, deeplearning4j-ui");
        String xml = Files.readString(Path.of("pom.xml"));
        assertTrue(xml.contains("<shadedArtifactAttached>true</shadedArtifactAttached>")
                && xml.contains("<shadedClassifierName>all</shadedClassifierName>"), "runnable jar attached as -all");
        assertTrue(Files.readString(Path.of("app", "jar.sh")).contains("invertible-rectifier-nets-*-all.jar"));
    }

    @Test
    void theConsumerIsAShortSeparateProjectOnThePublicApi() throws Exception {
        Path java = CONSUMER.resolve("src/main/java/example/Consumer.java");
        List<String> lines = Files.readAllLines(java, StandardCharsets.UTF_8);
        assertTrue(lines.size() <= 15, "consumer example: " + lines.size() + " lines");
        assertTrue(lines.stream().filter(l -> l.startsWith("import io.github.invertible"))
                .allMatch(l -> l.contains(".api.") || l.contains(".data.ImageDataset;")), "public API only");
        Document consumer = pom(CONSUMER.resolve("pom.xml"));
        Document project = pom(Path.of("pom.xml"));
        String version = text(project.getDocumentElement(), "version");
        NodeList deps = consumer.getElementsByTagName("dependency");
        boolean found = false;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if ("invertible-rectifier-nets".equals(text(d, "artifactId"))) {
                assertEquals(version, text(d, "version"), "the consumer uses this version");
                found = true;
            }
        }
        assertTrue(found);
        assertTrue(Files.readString(Path.of(".ci", "run")).contains(".ci/consumer"), "CI builds and runs it");
    }

    /** Only where `mvn package` has built it (not part of mvn test). */
    @Test
    void theRunnableJarAnswersHelp() throws Exception {
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("invertible-rectifier-nets-.*-all\\.jar"))
                    .findFirst().orElse(null);
        }
        Assumptions.assumeTrue(jar != null, "no runnable jar in target/ (mvn package)");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Usage: invnet") && out.contains("train"), out);
    }
}
