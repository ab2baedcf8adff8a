package io.lockstep.sync.convergence;

import java.util.List;

/** The fault suite with the nodes in one Vert.x (Hazelcast) cluster: {@code --cluster}, the script's default. */
class ClusteredFaultSuiteIT extends FaultSuite {
  ClusteredFaultSuiteIT() {
    super("clustered", 14_200L);
  }

  @Override
  List<String> modeArgs() {
    return List.of();
  }
}
