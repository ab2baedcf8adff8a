package io.lockstep.edge.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * The handlers every HTTP route with a body starts with: the bearer token is verified while the
 * request stays paused, so nobody without a valid token gets a byte of body read; then the body is
 * read into memory, bounded, and never written to disk. Lockstep takes JSON only, so multipart is
 * refused before anything is read (vertx-web's default {@code BodyHandler} would stream its files
 * into {@code ./file-uploads}).
 *
 * <p>Written by hand rather than with vertx-web's {@code BodyHandler}: the router insists that body
 * handlers come before authentication, which is the order this class exists to reverse. Failures go
 * to the route's failure handler as {@link LockstepException}s or a 413.
 */
public final class AuthenticatedBody {
  private static final String RIGHTS = "lockstep.rights";
  private static final String BODY = "lockstep.body";

  private AuthenticatedBody() {}

  /**
   * Adds the handlers to {@code route}: authenticate with the token {@code tokenOf} finds (it may
   * throw a {@link LockstepException} for a malformed request), refuse multipart, read at most
   * {@code maxBodyBytes}. Handlers added after these find the caller's {@link #rights} and {@link #body}.
   */
  public static Route guard(Route route, TokenVerifier tokens, Function<RoutingContext, String> tokenOf,
      long maxBodyBytes) {
    return route
        .handler(ctx -> authenticate(ctx, tokens, tokenOf))
        .handler(ctx -> read(ctx, maxBodyBytes));
  }

  /** The rights {@link #guard} established for this request. */
  public static Rights rights(RoutingContext ctx) {
    Rights rights = ctx.get(RIGHTS);
    if (rights == null) {
      throw new IllegalStateException("route has no AuthenticatedBody.guard");
    }
    return rights;
  }

  /** The body {@link #guard} read (empty when there was none). */
  public static Buffer body(RoutingContext ctx) {
    Buffer body = ctx.get(BODY);
    if (body == null) {
      throw new IllegalStateException("route has no AuthenticatedBody.guard");
    }
    return body;
  }

  private static void authenticate(RoutingContext ctx, TokenVerifier tokens, Function<RoutingContext, String> tokenOf) {
    // Paused at once, in the turn the request head arrived: body bytes queue until read() resumes.
    ctx.request().pause();
    String token;
    try {
      token = tokenOf.apply(ctx);
    } catch (LockstepException e) {
      ctx.fail(e);
      return;
    }
    tokens.verify(token).onComplete(verified -> {
      if (verified.failed()) {
        ctx.fail(verified.cause());
        return;
      }
      ctx.put(RIGHTS, verified.result());
      ctx.next();
    });
  }

  private static void read(RoutingContext ctx, long maxBodyBytes) {
    HttpServerRequest request = ctx.request();
    String type = request.getHeader("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      ctx.fail(new LockstepException(ErrorCode.BAD_REQUEST, "the body must be JSON; multipart is not accepted"));
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && declaredTooLong(length, maxBodyBytes)) {
      ctx.fail(413);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBodyBytes) {
        refused[0] = true;
        ctx.fail(413);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> {
      if (!refused[0]) {
        refused[0] = true;
        ctx.fail(e);
      }
    });
    request.endHandler(end -> {
      if (!refused[0]) {
        ctx.put(BODY, body);
        ctx.next();
      }
    });
    request.resume();
  }

  private static boolean declaredTooLong(String contentLength, long maxBodyBytes) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false; // the HTTP codec rejects it; the streamed count still applies
    }
  }
}
