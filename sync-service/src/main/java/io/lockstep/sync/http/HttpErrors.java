package io.lockstep.sync.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps failures to the HTTP form of the error vocabulary: a status and {@code {"code","msg"}}. */
final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof LockstepException e) {
      send(ctx, e.code(), e.getMessage());
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    send(ctx, ErrorCode.INTERNAL, "internal error");
  }

  static void send(RoutingContext ctx, ErrorCode code, String message) {
    send(ctx, code.httpStatus(), code, message);
  }

  static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
