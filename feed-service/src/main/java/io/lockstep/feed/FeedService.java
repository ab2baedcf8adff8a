package io.lockstep.feed;

import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;

/** The feed service as the launcher finds it ({@code META-INF/services}): its verticle is {@link FeedVerticle}. */
public final class FeedService implements LockstepService {

  @Override
  public String name() {
    return "feed";
  }

  @Override
  public FeedVerticle verticle(ServiceEnvironment env) {
    return new FeedVerticle(env);
  }
}
