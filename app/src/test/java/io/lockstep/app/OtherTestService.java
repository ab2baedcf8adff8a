package io.lockstep.app;

import io.lockstep.common.service.LockstepService;
import io.lockstep.common.service.ServiceEnvironment;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/** A second test-only service, so that {@code --services} has something to leave out: {@code GET /other}. */
public final class OtherTestService implements LockstepService {

  @Override
  public String name() {
    return "other";
  }

  @Override
  public Future<Void> start(ServiceEnvironment env) {
    return Future.succeededFuture();
  }

  @Override
  public void mount(Router router) {
    router.get("/other").handler(ctx -> ctx.response().end("other"));
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
