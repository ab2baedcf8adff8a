package io.lockstep.app;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.HttpErrors;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last-resort HTTP error answer of the front router (STYLE.md principle 21): a
 * {@link LockstepException} becomes its status and {@code {"code":…,"msg":…}}; a plain status
 * failure (404, 405, {@code ctx.fail(413)}) keeps its status with the closest code; anything else
 * is a bug, answered {@code internal} and logged once with the request it broke.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  /**
   * The router's own error handler for {@code status} (a request it could not route or parse): the
   * status is known here even when the context carries neither a failure nor a status code.
   */
  static Handler<RoutingContext> forStatus(int status) {
    return ctx -> {
      if (ctx.failure() instanceof LockstepException) {
        failure(ctx);
        return;
      }
      write(ctx, status, closest(status), HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT));
    };
  }

  static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    ErrorCode code;
    String msg;
    if (failure instanceof LockstepException) {
      code = ((LockstepException) failure).code();
      status = code.httpStatus();
      msg = failure.getMessage();
    } else if (failure == null || failure instanceof HttpException) {
      status = failure == null ? ctx.statusCode() : ((HttpException) failure).getStatusCode();
      if (status < 400 || status > 599) {
        status = 500;
      }
      code = closest(status);
      msg = HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
    } else {
      status = 500;
      code = ErrorCode.INTERNAL;
      msg = "internal error";
      LOG.error("unexpected failure handling {} {}", ctx.request().method(), ctx.request().path(), failure);
    }
    write(ctx, status, code, msg);
  }

  private static void write(RoutingContext ctx, int status, ErrorCode code, String msg) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a status: the client sees the response cut short.
      response.reset();
      return;
    }
    HttpErrors.write(ctx, status, code, msg);
  }

  private static ErrorCode closest(int status) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.httpStatus() == status) {
        return c;
      }
    }
    return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
  }
}
