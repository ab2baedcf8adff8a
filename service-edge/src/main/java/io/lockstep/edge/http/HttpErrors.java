package io.lockstep.edge.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP form of the error vocabulary, the same on every route of every service: a status and
 * {@code {"code":…,"msg":…}}. A {@link LockstepException} carries its code (and the code its status);
 * anything else is a bug, answered {@code internal} without its message and logged with the request.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /**
   * Answers {@code failure}: its code and message when it is a {@link LockstepException} (with
   * {@code Retry-After} and {@code retryMs} when the server shed the request), else {@code internal}.
   */
  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof LockstepException e && e.retryMs().isPresent()) {
      HttpServerResponse response = ctx.response();
      if (!response.ended() && !response.closed() && !response.headWritten()) {
        long retryMs = e.retryMs().getAsLong();
        response.setStatusCode(e.code().httpStatus()).putHeader("content-type", "application/json")
            .putHeader("retry-after", Long.toString((retryMs + 999) / 1000))
            .end(body(e.code(), e.getMessage()).put("retryMs", retryMs).toBuffer());
      }
      return;
    }
    if (failure instanceof LockstepException e) {
      send(ctx, e.code(), e.getMessage());
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    send(ctx, ErrorCode.INTERNAL, "internal error");
  }

  /** Answers {@code code} with its own status. */
  public static void send(RoutingContext ctx, ErrorCode code, String message) {
    write(ctx, code.httpStatus(), code, message);
  }

  /**
   * A service's failure handler: failures raised inside vertx-web (a body over the limit,
   * {@code ctx.fail(status)}) get the same JSON body as the service's own.
   */
  public static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && !(failure instanceof HttpException)) {
      send(ctx, failure);
      return;
    }
    int status = failure == null ? ctx.statusCode() : ((HttpException) failure).getStatusCode();
    ErrorCode code = status == 413 ? ErrorCode.TOO_LARGE : status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
    write(ctx, status, code, status == 413 ? "body too large" : "request refused (" + status + ")");
  }

  /**
   * Writes the error response; nothing when the response already ended, its connection closed, or
   * its head went out (a stream that already started cannot change its status).
   */
  public static void write(RoutingContext ctx, int status, ErrorCode code, String message) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(body(code, message).toBuffer());
  }

  /** The {@code {"code":…,"msg":…}} body. */
  public static JsonObject body(ErrorCode code, String message) {
    return new JsonObject().put("code", code.wire()).put("msg", message);
  }
}
