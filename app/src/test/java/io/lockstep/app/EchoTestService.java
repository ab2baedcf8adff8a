package io.lockstep.app;

import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.service.LockstepService;
import io.lockstep.edge.service.ServiceEnvironment;
import io.lockstep.edge.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only service, registered in the test class path's META-INF/services: {@code GET /echo}
 * answers {@code echo <user>} for a caller its token verifier accepts (bearer header or
 * {@code ?token=}), and fails the request with the verifier's error otherwise. Counts its verticle's
 * starts and stops across instances.
 */
public final class EchoTestService implements LockstepService {

  static final AtomicInteger STARTS = new AtomicInteger();
  static final AtomicInteger STOPS = new AtomicInteger();

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public ServiceVerticle verticle(ServiceEnvironment env) {
    return new Echo(env.tokens());
  }

  private static final class Echo extends ServiceVerticle {
    private final TokenVerifier tokens;

    Echo(TokenVerifier tokens) {
      this.tokens = tokens;
    }

    @Override
    public Future<?> start() {
      STARTS.incrementAndGet();
      return Future.succeededFuture();
    }

    @Override
    public void mount(Router router) {
      router.get("/echo").handler(ctx -> tokens.verify(BearerTokens.of(ctx))
          .onSuccess(rights -> ctx.response().end("echo " + rights.user()))
          .onFailure(ctx::fail));
    }

    @Override
    public Future<?> stop() {
      STOPS.incrementAndGet();
      return Future.succeededFuture();
    }
  }
}
