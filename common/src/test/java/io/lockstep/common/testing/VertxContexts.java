package io.lockstep.common.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Distinct event-loop contexts for tests that must act from several contexts at once (racing
 * commits, publishers and subscribers on different threads). {@code vertx.getOrCreateContext()} cannot
 * do this from the test thread, which Vert.x ties to one context; each context here belongs to a
 * small verticle deployed for the purpose and undeployed when Vert.x closes. Event loops are handed
 * out round robin, so with at least as many event loops as contexts they run on different threads.
 */
public final class VertxContexts {
  private VertxContexts() {}

  /** Deploys {@code count} verticles and completes with their {@code count} contexts, in order. */
  public static Future<List<Context>> eventLoops(Vertx vertx, int count) {
    List<Future<Context>> contexts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Holder holder = new Holder();
      contexts.add(vertx.deployVerticle(holder).map(id -> holder.context()));
    }
    return Future.all(contexts).map(all -> all.<Context>list());
  }

  /**
   * Runs {@code action} on {@code context} and completes with its outcome (a thrown exception fails
   * it), from whatever thread calls this.
   */
  public static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(ignored -> {
      try {
        action.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** A verticle that does nothing but own a context. */
  private static final class Holder extends VerticleBase {
    Context context() {
      return context;
    }
  }
}
