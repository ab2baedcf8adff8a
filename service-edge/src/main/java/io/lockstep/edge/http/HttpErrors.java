package io.lockstep.edge.http;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP form of the error vocabulary (STYLE.md principle 21), the same on every route of every
 * service and on the launcher's front router: a status and {@code {"code":…,"msg":…}}. A
 * {@link LockstepException} carries its code (and the code its status); a bare status (vertx-web's
 * own failures, {@code ctx.fail(413)}, an unrouted request) gets the code {@link #codeFor} maps it
 * to; anything else is a bug, answered {@code internal} without its message and logged with the
 * request.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /**
   * Answers {@code failure}: its code and message when it is a {@link LockstepException} (with
   * {@code Retry-After} and {@code retryMs} when the server shed the request), else {@code internal}.
   */
  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof LockstepException e) {
      JsonObject body = body(e.code(), e.getMessage());
      e.retryMs().ifPresent(retryMs -> body.put("retryMs", retryMs));
      write(ctx, e.code().httpStatus(), body, e.retryMs());
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
   * The failure handler of a service's routes and of the front router: failures raised inside
   * vertx-web (a body over the limit, {@code ctx.fail(status)}) get the same JSON body as the
   * service's own. A response whose head already went out cannot carry an error any more, so it is
   * reset: the client sees it cut short rather than waiting for an end that never comes (a bug is
   * still logged).
   */
  public static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      if (failure != null && !(failure instanceof LockstepException) && !(failure instanceof HttpException)) {
        LOG.error("{} {} failed after its response started", ctx.request().method(), ctx.request().path(), failure);
      }
      if (!response.ended() && !response.closed()) {
        response.reset();
      }
      return;
    }
    if (failure != null && !(failure instanceof HttpException)) {
      send(ctx, failure);
      return;
    }
    sendStatus(ctx, failure == null ? ctx.statusCode() : ((HttpException) failure).getStatusCode());
  }

  /**
   * A router's error handler for {@code status} (a request it could not route or parse): the status
   * is known here even when the context carries neither a failure nor a status code.
   */
  public static Handler<RoutingContext> forStatus(int status) {
    return ctx -> {
      if (ctx.failure() instanceof LockstepException) {
        onFailure(ctx);
      } else {
        sendStatus(ctx, status);
      }
    };
  }

  /**
   * The code a bare HTTP status is reported with: the code whose own status it is (the first
   * declared, so 400 is {@code bad_request}), else {@code internal} for 5xx and {@code bad_request}
   * for the rest (405, 406, ...). The one mapping, so a status always carries the same code.
   */
  public static ErrorCode codeFor(int status) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.httpStatus() == status) {
        return code;
      }
    }
    return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
  }

  /** Answers a bare status (one outside 400..599 is a bug: 500) with its code and reason phrase. */
  private static void sendStatus(RoutingContext ctx, int status) {
    int error = status < 400 || status > 599 ? 500 : status;
    write(ctx, error, codeFor(error), HttpResponseStatus.valueOf(error).reasonPhrase().toLowerCase(Locale.ROOT));
  }

  /**
   * Writes the error response; nothing when the response already ended, its connection closed, or
   * its head went out (a stream that already started cannot change its status).
   */
  public static void write(RoutingContext ctx, int status, ErrorCode code, String message) {
    write(ctx, status, body(code, message), OptionalLong.empty());
  }

  /** {@link #write}, with {@code Retry-After} in whole seconds when the server asks for a later retry. */
  private static void write(RoutingContext ctx, int status, JsonObject body, OptionalLong retryMs) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("content-type", "application/json");
    retryMs.ifPresent(ms -> response.putHeader("retry-after", Long.toString((ms + 999) / 1000)));
    response.end(body.toBuffer());
  }

  /** The {@code {"code":…,"msg":…}} body. */
  public static JsonObject body(ErrorCode code, String message) {
    return new JsonObject().put("code", code.wire()).put("msg", message);
  }
}
