package io.lockstep.app;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.service.LockstepService;
import io.lockstep.common.service.ServiceEnvironment;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only service, registered in the test class path's META-INF/services: {@code GET /echo}
 * answers {@code echo <user>} for a caller its token verifier accepts (bearer header or
 * {@code ?token=}), and fails the request with the verifier's error otherwise. Counts its lifecycle
 * calls across instances.
 */
public final class EchoTestService implements LockstepService {

  static final AtomicInteger STARTS = new AtomicInteger();
  static final AtomicInteger STOPS = new AtomicInteger();

  private TokenVerifier tokens;

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Future<Void> start(ServiceEnvironment env) {
    tokens = env.tokens();
    STARTS.incrementAndGet();
    return Future.succeededFuture();
  }

  @Override
  public void mount(Router router) {
    router.get("/echo").handler(ctx -> {
      String header = ctx.request().getHeader("Authorization");
      String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : ctx.request().getParam("token");
      tokens.verify(token)
          .onSuccess(rights -> ctx.response().end("echo " + rights.user()))
          .onFailure(ctx::fail);
    });
  }

  @Override
  public Future<Void> stop() {
    STOPS.incrementAndGet();
    return Future.succeededFuture();
  }
}
