package io.lockstep.presence.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.auth.TokenVerifier;
import io.lockstep.common.engine.presence.PresenceStore;
import io.lockstep.common.engine.presence.StoredMember;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.edge.http.BearerTokens;
import io.lockstep.edge.http.HttpErrors;
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
  private final TokenVerifier tokens;
  private final PresenceStore store;

  public RoomMembersHandler(TokenVerifier tokens, PresenceStore store) {
    this.tokens = tokens;
    this.store = store;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String room;
    try {
      room = room(ctx);
    } catch (LockstepException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    String token;
    try {
      token = BearerTokens.of(ctx);
    } catch (LockstepException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    tokens.verify(token)
        .compose(rights -> {
          requireRight(rights, room);
          return store.members(room);
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
            HttpErrors.send(ctx, known);
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

}
