package io.lockstep.common.engine.presence;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One member of a presence room: one client connection ({@code conn}, unique for the life of the
 * cluster), the person it belongs to ({@code user}, shared by a person's tabs), its metadata (cursor,
 * selection, status: whatever the client puts there) and when it joined.
 *
 * <p>The wire form is {@link #toJson()}: {@code {"conn","user","meta","since"}}, the shape clients see
 * in {@code members} replies and {@code presence} frames, and the shape the stores keep. {@code meta} is
 * never modified after construction; whoever changes a member's meta builds a new {@code Member}.
 *
 * @param conn the connection id, 1 or more characters
 * @param user the user id
 * @param meta the member's metadata, a JSON object (empty when the client sent none)
 * @param since when the member joined, epoch milliseconds
 */
public record Member(String conn, String user, JsonObject meta, long since) {

  public Member {
    Objects.requireNonNull(conn, "conn");
    Objects.requireNonNull(user, "user");
    meta = meta == null ? new JsonObject() : meta;
    if (conn.isEmpty()) {
      throw new IllegalArgumentException("conn must not be empty");
    }
  }

  /** The same member with {@code newMeta}. */
  public Member withMeta(JsonObject newMeta) {
    return new Member(conn, user, newMeta, since);
  }

  /** {@code {"conn","user","meta","since"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("conn", conn).put("user", user).put("meta", meta).put("since", since);
  }

  /** {@code {"conn","user"}}: how a leave names the member. */
  public JsonObject toLeaveJson() {
    return new JsonObject().put("conn", conn).put("user", user);
  }

  /**
   * Reads {@link #toJson()}'s form, or a leave's {@code {"conn","user"}} (empty meta, {@code since} 0).
   *
   * @throws IllegalArgumentException when {@code json} is not a member
   */
  public static Member fromJson(JsonObject json) {
    try {
      Object meta = json.getValue("meta");
      Number since = json.getNumber("since");
      return new Member(json.getString("conn"), json.getString("user"),
          meta instanceof JsonObject object ? object : new JsonObject(), since == null ? 0 : since.longValue());
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a presence member: " + json.encode(), e);
    }
  }

  /** Reads the encoded form of {@link #toJson()}; throws {@code IllegalArgumentException} when it is not one. */
  public static Member decode(String encoded) {
    try {
      return fromJson(new JsonObject(encoded));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("stored presence member is not JSON", e);
    }
  }
}
