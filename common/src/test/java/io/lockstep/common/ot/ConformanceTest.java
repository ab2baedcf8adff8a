package io.lockstep.common.ot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.common.ot.registry.OtTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of every {@code *.jsonl} file below the folder named by the system property
 * {@code lockstep.conformance.dir} (default {@code ../shared/conformance}, seen from the repository
 * root). The cases say their own type and kind, so any folder of vectors in the same format runs
 * unchanged. Prints {@code N passed, M failed} per type.
 */
class ConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, AtomicIntegerArray> TALLY = new TreeMap<>();

  @TestFactory
  Stream<DynamicNode> everyVector() throws IOException {
    Path dir = vectorsDir();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no *.jsonl vectors under " + dir);
    return files.stream().map(file -> DynamicContainer.dynamicContainer(
        dir.relativize(file).toString(), casesOf(file).map(ConformanceTest::caseTest)));
  }

  @AfterAll
  static void printTally() {
    synchronized (TALLY) {
      TALLY.forEach((type, t) -> System.out.println(
          "conformance " + type + ": " + t.get(0) + " passed, " + t.get(1) + " failed"));
    }
  }

  static Path vectorsDir() {
    String configured = System.getProperty("lockstep.conformance.dir");
    Path dir = configured != null ? Path.of(configured) : repositoryRoot().resolve("../shared/conformance");
    if (!Files.isDirectory(dir)) {
      fail("conformance vectors not found at " + dir.toAbsolutePath().normalize()
          + " (set -Dlockstep.conformance.dir)");
    }
    return dir;
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("common")) ? here : here.getParent();
  }

  @SuppressWarnings("unchecked")
  private static Stream<Map<String, Object>> casesOf(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .map(line -> {
            try {
              return (Map<String, Object>) JSON.readValue(line, Object.class);
            } catch (IOException e) {
              throw new UncheckedIOException("unreadable line in " + file, e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DynamicTest caseTest(Map<String, Object> c) {
    String id = String.valueOf(c.get("id"));
    String typeName = String.valueOf(c.get("type"));
    return DynamicTest.dynamicTest(id, () -> {
      boolean passed = false;
      try {
        OtType<?, ?> type = OtTypes.byName(typeName).orElseThrow(() -> new AssertionError("unknown type " + typeName));
        ConformanceCase.run(type, c);
        passed = true;
      } finally {
        tally(typeName, passed);
      }
    });
  }

  private static void tally(String type, boolean passed) {
    synchronized (TALLY) {
      TALLY.computeIfAbsent(type, k -> new AtomicIntegerArray(2)).incrementAndGet(passed ? 0 : 1);
    }
  }
}
