package io.lockstep.presence.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.engine.presence.StoredMember;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.presence.PresenceNode;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /presence/{room}} → {@code 200 {"members":[…]}}: every live member of the room, read
 * from the store. The room id is percent-encoded in the path (an unencoded one with slashes works
 * too). Auth: {@code Authorization: Bearer} or {@code ?token=}, with the {@code presence} right on
 * the room. Errors: {@code {"code","msg"}} with the code's status.
 */
public final class RoomMembersHandler implements Handler<RoutingContext> {
  private static final String PREFIX = "/presence/";
  private final PresenceNode node;

  public RoomMembersHandler(PresenceNode node) {
    this.node = node;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String room;
    try {
      room = room(ctx);
    } catch (LockstepException e) {
      send(ctx, e.code(), e.getMessage());
      return;
    }
    node.tokens().verify(token(ctx))
        .compose(rights -> {
          requireRight(rights, room);
          return node.store().members(room);
        })
        .onSuccess(snapshot -> {
          JsonArray members = new JsonArray();
          for (StoredMember m : snapshot.members()) {
            members.add(m.member().toJson());
          }
          ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
              .end(new JsonObject().put("members", members).toBuffer());
        })
        .onFailure(e -> {
          if (e instanceof LockstepException known) {
            send(ctx, known.code(), known.getMessage());
          } else {
            ctx.fail(e);
          }
        });
  }

  private static void requireRight(Rights rights, String room) {
    if (!rights.canJoin(room)) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no presence right on " + room);
    }
  }

  private static String room(RoutingContext ctx) {
    String path = ctx.request().path();
    int at = path.indexOf(PREFIX);
    String raw = at < 0 ? "" : path.substring(at + PREFIX.length());
    try {
      return Ids.requireRoom(URLDecoder.decode(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the room id is not percent-encoded properly");
    }
  }

  private static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ctx.request().getParam("token");
  }

  private static void send(RoutingContext ctx, ErrorCode code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(code.httpStatus()).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.wire()).put("msg", message).toBuffer());
  }
}
