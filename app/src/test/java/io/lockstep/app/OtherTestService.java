package io.lockstep.app;

import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/** A second test-only service, so that {@code --services} has something to leave out: {@code GET /other}. */
public final class OtherTestService implements LockstepService {

  @Override
  public String name() {
    return "other";
  }

  @Override
  public ServiceVerticle verticle(ServiceEnvironment env) {
    return new ServiceVerticle() {
      @Override
      public Future<?> start() {
        return Future.succeededFuture();
      }

      @Override
      public void mount(Router router) {
        router.get("/other").handler(ctx -> ctx.response().end("other"));
      }
    };
  }
}
