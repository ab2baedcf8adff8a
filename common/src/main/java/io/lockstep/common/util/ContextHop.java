package io.lockstep.common.util;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Moves work and results between Vert.x contexts, so state owned by one event loop is only ever
 * touched on that loop. A future that completes on some other thread (a Redis reply, a sequencer
 * on another loop) is resumed on the owner's context before anyone reads it.
 */
public final class ContextHop {
  private ContextHop() {}

  /** A future that completes like {@code future}, with its listeners run on {@code ctx}. */
  public static <T> Future<T> resumeOn(Context ctx, Future<T> future) {
    if (future.isComplete() && Vertx.currentContext() == ctx) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> {
      if (Vertx.currentContext() == ctx) {
        promise.handle(ar);
      } else {
        ctx.runOnContext(v -> promise.handle(ar));
      }
    });
    return promise.future();
  }

  /**
   * Runs {@code work} on {@code target} and completes the returned future on the caller's context
   * (or on {@code target} when called from outside Vert.x). A throw from {@code work} fails the future.
   */
  public static <T> Future<T> call(Context target, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    target.runOnContext(v -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (caller == null || Vertx.currentContext() == caller) {
          promise.handle(ar);
        } else {
          caller.runOnContext(x -> promise.handle(ar));
        }
      });
    });
    return promise.future();
  }
}
