package io.lockstep.common.crdt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CRDT type is pure values and functions, like the OT types: no Vert.x, no engines, no I/O. */
class NoVertxInCrdtTest {
  private static final JavaClasses CRDT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.lockstep.common.crdt");

  @Test
  void crdtTypeDoesNotDependOnVertx() {
    noClasses().that().resideInAPackage("io.lockstep.common.crdt..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .check(CRDT);
  }

  @Test
  void crdtTypeDoesNotReachForEnginesOrServices() {
    noClasses().that().resideInAPackage("io.lockstep.common.crdt..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.lockstep.common.engine..", "io.lockstep.common.service..", "io.lockstep.sync..")
        .check(CRDT);
  }

  @Test
  void crdtTypeDoesNoIo() {
    noClasses().that().resideInAPackage("io.lockstep.common.crdt..")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
        .check(CRDT);
  }
}
