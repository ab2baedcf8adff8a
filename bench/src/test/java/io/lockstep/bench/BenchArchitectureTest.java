package io.lockstep.bench;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.lockstep.bench.baseline.BareBroadcastServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of the bench module (docs/architecture.md), which the launcher's {@code ArchitectureTest}
 * cannot see (app does not depend on bench): bench talks to a running server over the wire, so it
 * depends on common only; its packages form no cycles; and Vert.x internals are touched only by the
 * bare broadcast baseline, a deliberate exemption (see {@link #onlyTheBareBaselineTouchesAVertxInternal}).
 */
class BenchArchitectureTest {
  private static final JavaClasses BENCH = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lockstep.bench");

  private static final String[] VERTX_INTERNALS = {"io.vertx..impl..", "io.vertx.core.internal.."};
  /** The one internal the baseline may use: a text frame from bytes already UTF-8. */
  private static final String FRAME_FROM_BYTES = "io.vertx.core.http.impl.websocket.WebSocketFrameImpl";

  /** The baseline server and its nested classes. */
  private static final DescribedPredicate<JavaClass> THE_BARE_BASELINE = DescribedPredicate.describe(
      "the bare broadcast baseline",
      c -> c.getName().equals(BareBroadcastServer.class.getName())
          || c.getName().startsWith(BareBroadcastServer.class.getName() + "$"));

  @Test
  void theImportSeesEveryPackage() {
    // Guards the rules below against passing on an empty or partial import.
    for (String pkg : List.of("io.lockstep.bench.load", "io.lockstep.bench.jmh", "io.lockstep.bench.baseline",
        "io.lockstep.bench.sharedb")) {
      if (!BENCH.containPackage(pkg)) {
        throw new AssertionError("the classes of " + pkg + " were not imported");
      }
    }
  }

  @Test
  void benchDependsOnCommonOnly() {
    noClasses().that().resideInAPackage("io.lockstep.bench..")
        .should().dependOnClassesThat().resideInAnyPackage("io.lockstep.edge..", "io.lockstep.sync..",
            "io.lockstep.presence..", "io.lockstep.feed..", "io.lockstep.app..")
        .check(BENCH);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.lockstep.bench.(**)").should().beFreeOfCycles().check(BENCH);
  }

  /**
   * The baseline measures the least a Vert.x server must do to broadcast, so it has no Lockstep code
   * and cannot reach service-edge's {@code TextFrames}; it builds each op's text frame from the bytes
   * it encoded once, as Lockstep does, so the two servers are compared doing the same writes. That
   * one class, and nothing else of bench, may use a Vert.x internal, and only that one.
   */
  @Test
  void onlyTheBareBaselineTouchesAVertxInternal() {
    noClasses().that(not(THE_BARE_BASELINE))
        .should().dependOnClassesThat().resideInAnyPackage(VERTX_INTERNALS)
        .check(BENCH);
    noClasses().that(THE_BARE_BASELINE)
        .should().dependOnClassesThat(resideInAnyPackage(VERTX_INTERNALS).and(not(name(FRAME_FROM_BYTES))))
        .check(BENCH);
  }
}
