package io.lockstep.sync.convergence;

import java.util.List;

/** The fault suite with the nodes sharing Redis only (no Vert.x cluster): {@code --no-cluster}. */
class FaultSuiteIT extends FaultSuite {
  FaultSuiteIT() {
    super("standalone", 14_100L);
  }

  @Override
  List<String> modeArgs() {
    return List.of("--no-cluster");
  }
}
