package io.lockstep.common.ot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The OT types are pure values and functions: they must not reach for Vert.x, I/O or the engines. */
class NoVertxInOtTest {
  private static final JavaClasses OT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lockstep.common.ot");

  @Test
  void otTypesDoNotDependOnVertx() {
    noClasses().that().resideInAPackage("io.lockstep.common.ot..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .check(OT);
  }

  @Test
  void otTypesDoNotDependOnTheRestOfLockstep() {
    noClasses().that().resideInAPackage("io.lockstep.common.ot..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lockstep.common.engine..", "io.lockstep.common.protocol..", "io.lockstep.sync..")
        .check(OT);
  }

  @Test
  void otTypesDoNoIo() {
    noClasses().that().resideInAPackage("io.lockstep.common.ot..")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
        .check(OT);
  }
}
