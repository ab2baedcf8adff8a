package io.lockstep.feed.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HTTP errors of the feed routes: a status and {@code {"code","msg"}}, like every Lockstep HTTP API. */
public final class FeedErrors {
  private static final Logger LOG = LoggerFactory.getLogger(FeedErrors.class);

  private FeedErrors() {}

  static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof LockstepException e) {
      send(ctx, e.code().httpStatus(), e.code(), e.getMessage());
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    send(ctx, 500, ErrorCode.INTERNAL, "internal error");
  }

  /** The failure handler of the feed routes: failures raised inside vertx-web (a body over the limit) too. */
  public static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && !(failure instanceof HttpException)) {
      send(ctx, failure);
      return;
    }
    int status = failure == null ? ctx.statusCode() : ((HttpException) failure).getStatusCode();
    ErrorCode code = status == 413 ? ErrorCode.TOO_LARGE : status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
    send(ctx, status, code, status == 413 ? "body too large" : "request refused (" + status + ")");
  }

  static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
    if (ctx.response().ended() || ctx.response().closed() || ctx.response().headWritten()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
