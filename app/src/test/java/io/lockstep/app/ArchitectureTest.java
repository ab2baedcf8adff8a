package io.lockstep.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of the whole product (docs/architecture.md), checked on the compiled classes of every
 * module the launcher is built from: modules point one way (common ← service-edge ← services ← app),
 * services never depend on each other, packages form no cycles, the OT and CRDT types stay free of
 * Vert.x, and Vert.x internals are touched in exactly the places that need them. bench, which app
 * does not depend on, has its own {@code BenchArchitectureTest}; fault-suite holds tests only.
 */
class ArchitectureTest {
  private static final JavaClasses LOCKSTEP = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      // Under `mvn verify` the other modules arrive as jars (their test jars too), under `mvn test` as
      // class folders: both are read, test classes and test jars are not.
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("io.lockstep");

  private static final String COMMON = "io.lockstep.common..";
  private static final String EDGE = "io.lockstep.edge..";
  private static final String APP = "io.lockstep.app..";
  private static final List<String> SERVICES =
      List.of("io.lockstep.sync..", "io.lockstep.presence..", "io.lockstep.feed..");

  @Test
  void theImportSeesEveryModule() {
    // Guards the rules below against passing on an empty or partial import.
    for (String pkg : List.of("io.lockstep.common.engine", "io.lockstep.edge.service", "io.lockstep.sync",
        "io.lockstep.presence", "io.lockstep.feed", "io.lockstep.app")) {
      if (!LOCKSTEP.containPackage(pkg)) {
        throw new AssertionError("the classes of " + pkg + " were not imported");
      }
    }
  }

  @Test
  void commonDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage(COMMON)
        .should().dependOnClassesThat().resideInAnyPackage(with(SERVICES, EDGE, APP))
        .check(LOCKSTEP);
  }

  @Test
  void commonHasNoServerCode() {
    noClasses().that().resideInAPackage(COMMON)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
        .check(LOCKSTEP);
  }

  @Test
  void theServiceEdgeDependsOnCommonOnly() {
    noClasses().that().resideInAPackage(EDGE)
        .should().dependOnClassesThat().resideInAnyPackage(with(SERVICES, APP))
        .check(LOCKSTEP);
  }

  @Test
  void servicesNeverDependOnEachOtherNorOnTheLauncher() {
    for (String service : SERVICES) {
      List<String> others = SERVICES.stream().filter(s -> !s.equals(service)).toList();
      noClasses().that().resideInAPackage(service)
          .should().dependOnClassesThat().resideInAnyPackage(with(others, APP))
          .check(LOCKSTEP);
    }
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.lockstep.(**)").should().beFreeOfCycles().check(LOCKSTEP);
  }

  @Test
  void otAndCrdtTypesAreFreeOfVertx() {
    ArchRule rule = noClasses().that().resideInAnyPackage("io.lockstep.common.ot..", "io.lockstep.common.crdt..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx..");
    rule.check(LOCKSTEP);
  }

  /**
   * Vert.x internals may change in any release, so each module that needs one reaches it through one
   * class: {@code VertxInternals} in common (an event-loop context of its own for long-lived Redis
   * connections; the cluster manager) and {@code TextFrames} in service-edge (a text frame from bytes
   * already UTF-8, which the public API builds only from a String; the socket's Netty channel, to
   * write several frames with one flush).
   */
  @Test
  void vertxInternalsAreTouchedThroughTheirOneClassPerModule() {
    noClasses().that().doNotHaveFullyQualifiedName("io.lockstep.edge.ws.TextFrames")
        .and().doNotHaveFullyQualifiedName("io.lockstep.common.util.VertxInternals")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx.core.internal..")
        .check(LOCKSTEP);
  }

  private static String[] with(List<String> packages, String... more) {
    List<String> all = new ArrayList<>(packages);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
