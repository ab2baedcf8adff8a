package io.lockstep.sync;

import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;

/** The sync-service as the launcher finds it ({@code META-INF/services}): its verticle is {@link SyncVerticle}. */
public final class SyncService implements LockstepService {

  @Override
  public String name() {
    return "sync";
  }

  @Override
  public SyncVerticle verticle(ServiceEnvironment env) {
    return new SyncVerticle(env);
  }
}
