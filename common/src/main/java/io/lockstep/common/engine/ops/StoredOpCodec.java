package io.lockstep.common.engine.ops;

import io.lockstep.common.util.PlainJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@link StoredOp} to and from the server-pushed op frame of PROTOCOL.md:
 *
 * <pre>
 * {"t":"op","doc":"notes/1","v":18,"src":"c-7f3","seq":42,"op":[...],"ts":1700000000000}
 * {"t":"op","doc":"notes/1","v":1,"src":"c-7f3","seq":41,"create":{"type":"json0","data":{...}},"ts":...}
 * {"t":"op","doc":"notes/1","v":19,"del":true,"ts":...}
 * </pre>
 *
 * <p>{@code src} and {@code seq} are left out when the op has no source. {@code ts} is a field we
 * add to the contract (clients ignore unknown fields); it lets the frame carry the whole
 * {@code StoredOp}, so the same bytes serve as the broker payload, the WebSocket frame and the stored
 * form. The entries of an {@code ops} reply are the same objects without {@code t} ({@link #toEntry}).
 */
public final class StoredOpCodec {
  private static final byte FRAME_SEPARATOR = '\n';

  private StoredOpCodec() {}

  /** The op frame, {@code "t":"op"} first. A new object each call; values are shared with {@code op}. */
  public static JsonObject toFrame(StoredOp op) {
    return fill(new JsonObject().put("t", "op"), op);
  }

  /** The op frame without {@code t}, as listed in an {@code ops} reply. */
  public static JsonObject toEntry(StoredOp op) {
    return fill(new JsonObject(), op);
  }

  /** The op frame encoded as UTF-8 JSON, ready to publish or send as a text frame. */
  public static Buffer encode(StoredOp op) {
    return toFrame(op).toBuffer();
  }

  /**
   * The message one commit publishes: its op frames in version order, joined by newlines, so a
   * batch costs subscribers one message. One op's message is just its frame. Compact JSON never
   * holds a raw newline (strings escape it), so the separator is unambiguous.
   */
  public static Buffer joinFrames(List<Buffer> frames) {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    Buffer joined = Buffer.buffer(frames.stream().mapToInt(Buffer::length).sum() + frames.size());
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) {
        joined.appendByte(FRAME_SEPARATOR);
      }
      joined.appendBuffer(frames.get(i));
    }
    return joined;
  }

  /** The op frames of a published message ({@link #joinFrames}), each a slice of it. */
  public static List<Buffer> splitFrames(Buffer message) {
    List<Buffer> frames = new ArrayList<>(1);
    int start = 0;
    for (int i = 0; i < message.length(); i++) {
      if (message.getByte(i) == FRAME_SEPARATOR) {
        frames.add(message.slice(start, i));
        start = i + 1;
      }
    }
    frames.add(start == 0 ? message : message.slice(start, message.length()));
    return frames;
  }

  /**
   * Reads an op frame or entry. {@code t} may be absent but must be {@code "op"} when present;
   * {@code src}, {@code seq} and {@code ts} may be absent (no source; time 0); {@code seq} is ignored
   * without {@code src}. Nested values come back as plain JSON ({@code Map}/{@code List}).
   *
   * @throws IllegalArgumentException when a field is missing, has the wrong JSON type, or the
   *     combination is not a valid {@link StoredOp}
   */
  public static StoredOp fromFrame(JsonObject frame) {
    Object t = frame.getValue("t");
    if (t != null && !"op".equals(t)) {
      throw malformed("t is " + t + ", not op");
    }
    String doc = string(frame, "doc", true);
    long v = integer(frame, "v", true);
    String src = string(frame, "src", false);
    long seq = src == null ? 0 : integer(frame, "seq", false);
    long ts = integer(frame, "ts", false);
    Object op = PlainJson.unwrap(frame.getValue("op"));
    Creation create = creation(frame.getValue("create"));
    Object del = frame.getValue("del");
    if (del != null && !(del instanceof Boolean)) {
      throw malformed("del is not a boolean");
    }
    try {
      return new StoredOp(doc, v, src, seq, op, create, Boolean.TRUE.equals(del), ts);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  /**
   * Decodes an encoded op frame ({@link #encode}).
   *
   * @throws IllegalArgumentException when the bytes are not a JSON object or not a valid op frame
   */
  public static StoredOp decode(Buffer buffer) {
    try {
      return fromFrame(new JsonObject(buffer));
    } catch (DecodeException | ClassCastException e) {
      throw malformed("not a JSON object: " + e.getMessage());
    }
  }

  private static JsonObject fill(JsonObject out, StoredOp op) {
    out.put("doc", op.doc()).put("v", op.v());
    if (op.src() != null) {
      out.put("src", op.src()).put("seq", op.seq());
    }
    if (op.op() != null) {
      out.put("op", op.op());
    } else if (op.create() != null) {
      out.put("create", new JsonObject().put("type", op.create().type()).put("data", op.create().data()));
    } else {
      out.put("del", true);
    }
    return out.put("ts", op.ts());
  }

  private static Creation creation(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject create)) {
      throw malformed("create is not an object");
    }
    Object type = create.getValue("type");
    if (!(type instanceof String name)) {
      throw malformed("create.type is not a string");
    }
    return new Creation(name, PlainJson.unwrap(create.getValue("data")));
  }

  private static String string(JsonObject frame, String field, boolean required) {
    Object value = frame.getValue(field);
    if (value == null) {
      if (required) {
        throw malformed(field + " is missing");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw malformed(field + " is not a string");
    }
    return s;
  }

  private static long integer(JsonObject frame, String field, boolean required) {
    Object value = frame.getValue(field);
    if (value == null) {
      if (required) {
        throw malformed(field + " is missing");
      }
      return 0;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw malformed(field + " is not an integer");
    }
    return n.longValue();
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed op frame: " + why);
  }
}
