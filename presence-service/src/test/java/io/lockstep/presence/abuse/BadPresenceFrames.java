package io.lockstep.presence.abuse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates {@code /presence} frames the server must refuse, each with the error it must answer:
 * the {@code code}, and the {@code re} to echo (null when the frame has no usable integer id). A
 * seeded {@link Random} picks the family and every detail, so a failing run is replayed with its seed.
 * The sending connection has said {@code hello} and joined no room; none of the frames may join,
 * change or leave anything.
 */
final class BadPresenceFrames {
  /** One bad frame: text, or binary when {@code binary} is set; and the error it must get. */
  record Case(String family, String text, byte[] binary, Long re, String code) {
    String shown() {
      String body = binary != null ? "<binary " + binary.length + " bytes>" : text;
      return body.length() > 160 ? body.substring(0, 160) + "…(" + body.length() + " chars)" : body;
    }
  }

  private record Family(String name, Supplier<Case> make) {}

  private final Random random;
  private final int maxFrameBytes;
  private final int maxMetaBytes;
  private final List<Family> families = List.of(
      new Family("not JSON", this::notJson),
      new Family("truncated JSON", this::truncated),
      new Family("JSON that is not an object", this::notAnObject),
      new Family("missing or non-string t", this::badT),
      new Family("unknown t", this::unknownT),
      new Family("bad request id", this::badId),
      new Family("bad room id", this::badRoom),
      new Family("meta that is not an object", this::badMeta),
      new Family("bad user", this::badUser),
      new Family("token that is not a string", this::badToken),
      new Family("meta over the size limit", this::metaTooLarge),
      new Family("frame over the size limit", this::overFrameLimit),
      new Family("binary frame", this::binary),
      new Family("deeply nested JSON", this::deeplyNested),
      new Family("meta in a room not joined", this::metaNotJoined),
      new Family("long strings within the frame limit", this::longStrings));

  BadPresenceFrames(Random random, int maxFrameBytes, int maxMetaBytes) {
    this.random = random;
    this.maxFrameBytes = maxFrameBytes;
    this.maxMetaBytes = maxMetaBytes;
  }

  /** {@code count} cases: ten of every family in turn, then families at random. */
  List<Case> generate(int count) {
    List<Case> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Family family = i < families.size() * 10 ? families.get(i % families.size()) : pick(families);
      Case c = family.make.get();
      cases.add(new Case(family.name, c.text, c.binary, c.re, c.code));
    }
    return cases;
  }

  private Case notJson() {
    String text = pick(List.of("hello", "{t:join}", "{'t':'join'}", "", " ", "{\"t\":\"join\",}", "NaN",
        "{\"t\":\"join\" \"room\":\"r\"}", "\u0000", "{\"t\":\"hb\"}x")) + (random.nextBoolean() ? "" : randomGarbage(20));
    return text(text, null, "bad_request");
  }

  private Case truncated() {
    String whole = validFrame().put("id", 5).encode();
    return text(whole.substring(0, 1 + random.nextInt(whole.length() - 1)), null, "bad_request");
  }

  private Case notAnObject() {
    return text(pick(List.of("[]", "[{\"t\":\"hb\"}]", "1", "\"join\"", "null", "true", "-0.5")), null, "bad_request");
  }

  private Case badT() {
    Id id = id();
    JsonObject frame = validFrame();
    Object t = pick(List.of(5, true, new JsonArray(), new JsonObject(), "__missing__"));
    if ("__missing__".equals(t)) {
      frame.remove("t");
    } else {
      frame.put("t", t);
    }
    return text(id.put(frame).encode(), id.re, "bad_request");
  }

  private Case unknownT() {
    Id id = id();
    String t = pick(List.of("JOIN", "joined", "sub", "op", "presence", "members", "welcome", "", " join", "heartbeat"));
    return text(id.put(validFrame().put("t", t)).encode(), id.re, "bad_request");
  }

  private Case badId() {
    Object id = pick(List.of("1", 1.5, true, new JsonArray(), new JsonObject(), -0.25, 1e300));
    return text(validFrame().put("id", id).encode(), null, "bad_request");
  }

  private Case badRoom() {
    Id id = id();
    JsonObject frame = new JsonObject().put("t", pick(List.of("join", "meta", "leave"))).put("meta", new JsonObject());
    Object room = pick(List.of("", "a b", "room#1", "é", "😀", "r".repeat(257), "tab\t", "{brace}", 7, true,
        new JsonArray(), new JsonObject(), "__missing__"));
    if (!"__missing__".equals(room)) {
      frame.put("room", room);
    }
    return text(id.put(frame).encode(), id.re, "bad_request");
  }

  private Case badMeta() {
    Id id = id();
    Object meta = pick(List.of("cursor", 3, true, new JsonArray().add(1), "__missing__"));
    boolean join = random.nextBoolean();
    JsonObject frame = new JsonObject().put("t", join ? "join" : "meta").put("room", "abuse/room");
    if ("__missing__".equals(meta)) {
      if (join) {
        // join without meta is valid; a meta frame must carry one.
        frame.put("t", "meta");
      }
    } else {
      frame.put("meta", meta);
    }
    return text(id.put(frame).encode(), id.re, "bad_request");
  }

  private Case badUser() {
    Id id = id();
    Object user = pick(List.of("", "u".repeat(257), 42, false, new JsonArray(), new JsonObject()));
    return text(id.put(new JsonObject().put("t", "join").put("room", "abuse/room").put("user", user)).encode(), id.re,
        "bad_request");
  }

  private Case badToken() {
    Id id = id();
    Object token = pick(List.of(1, true, new JsonArray(), new JsonObject()));
    return text(id.put(new JsonObject().put("t", "hello").put("token", token)).encode(), id.re, "bad_request");
  }

  private Case metaTooLarge() {
    Id id = id();
    int bytes = maxMetaBytes + 1 + random.nextInt(maxMetaBytes);
    JsonObject meta = new JsonObject().put("pad", random.nextBoolean() ? "p".repeat(bytes) : "😀".repeat(bytes / 4 + 1));
    String t = random.nextBoolean() ? "join" : "meta";
    return text(id.put(new JsonObject().put("t", t).put("room", "abuse/room").put("meta", meta)).encode(), id.re, "too_large");
  }

  private Case overFrameLimit() {
    int bytes = maxFrameBytes + 1 + random.nextInt(maxFrameBytes / 2);
    return text(new JsonObject().put("t", "ping").put("id", 1).put("pad", "p".repeat(bytes)).encode(), null, "too_large");
  }

  private Case binary() {
    byte[] data = random.nextBoolean()
        ? validFrame().encode().getBytes(StandardCharsets.UTF_8)
        : new byte[] {(byte) random.nextInt(256), 0, (byte) 0xff};
    return new Case(null, null, data, null, "bad_request");
  }

  private Case deeplyNested() {
    int depth = 2_000 + random.nextInt(3_000);
    String text = random.nextBoolean()
        ? "{\"t\":\"ping\",\"id\":1,\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}"
        : "{\"t\":\"join\",\"id\":1,\"room\":\"abuse/room\",\"meta\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
    return text(text, null, "bad_request");
  }

  private Case metaNotJoined() {
    Id id = id();
    return text(id.put(new JsonObject().put("t", "meta").put("room", "abuse/room-" + random.nextInt(100))
        .put("meta", new JsonObject().put("cursor", random.nextInt(99)))).encode(), id.re, "not_found");
  }

  private Case longStrings() {
    Id id = id();
    String longText = "x".repeat(50_000 + random.nextInt(maxFrameBytes - 60_000));
    return switch (random.nextInt(3)) {
      case 0 -> text(id.put(new JsonObject().put("t", longText)).encode(), id.re, "bad_request");
      case 1 -> text(id.put(new JsonObject().put("t", "join").put("room", longText)).encode(), id.re, "bad_request");
      default -> text(id.put(new JsonObject().put("t", "join").put("room", "abuse/room").put("user", longText)).encode(),
          id.re, "bad_request");
    };
  }

  // ---- building blocks ----

  private record Id(Object value, Long re) {
    JsonObject put(JsonObject frame) {
      if (value != null) {
        frame.put("id", value);
      }
      return frame;
    }
  }

  private Id id() {
    return switch (random.nextInt(6)) {
      case 0 -> new Id(null, null);
      case 1 -> {
        long n = random.nextInt(1000);
        yield new Id((double) n, n);
      }
      case 2 -> {
        long n = -1 - random.nextInt(1_000_000);
        yield new Id(n, n);
      }
      default -> {
        long n = random.nextInt(Integer.MAX_VALUE);
        yield new Id(n, n);
      }
    };
  }

  /** A frame the server would serve, had it no fault. */
  private JsonObject validFrame() {
    return switch (random.nextInt(4)) {
      case 0 -> new JsonObject().put("t", "join").put("room", "abuse/room").put("meta", new JsonObject().put("c", 1));
      case 1 -> new JsonObject().put("t", "meta").put("room", "abuse/room").put("meta", new JsonObject().put("c", 2));
      case 2 -> new JsonObject().put("t", "leave").put("room", "abuse/room");
      default -> new JsonObject().put("t", "ping");
    };
  }

  private static Case text(String text, Long re, String code) {
    return new Case(null, text, null, re, code);
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private String randomGarbage(int length) {
    StringBuilder s = new StringBuilder("{");
    String alphabet = "{}[]\":,tjoinroom0123456789.-eE \\/'nulltrue\u00e9";
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
