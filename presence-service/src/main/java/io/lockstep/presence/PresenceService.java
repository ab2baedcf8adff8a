package io.lockstep.presence;

import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;

/** The presence service as the launcher finds it ({@code META-INF/services}): its verticle is {@link PresenceVerticle}. */
public final class PresenceService implements LockstepService {

  @Override
  public String name() {
    return "presence";
  }

  @Override
  public PresenceVerticle verticle(ServiceEnvironment env) {
    return new PresenceVerticle(env);
  }
}
