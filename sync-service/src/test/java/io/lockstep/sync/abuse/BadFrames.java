package io.lockstep.sync.abuse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates frames the server must refuse, each with the error it must answer: the {@code code},
 * and the {@code re} to echo (null when the frame has no usable integer id). Frames come from many
 * families; a seeded {@link Random} picks the family and every detail, so a
 * failing run is replayed with its seed.
 *
 * <p>The frames act on two fixture documents whose state the caller sets up as described by the
 * constants below (both at version {@link #FIXTURE_V}), on documents that must stay missing
 * ({@link #neverCreated()}), and as a connection whose {@code hello} set {@code src} to {@link #SRC}.
 * None of them may change anything.
 */
final class BadFrames {
  /** The connection's client id, set by its {@code hello}. */
  static final String SRC = "abuser";
  /** A json0 document at version {@link #FIXTURE_V} holding {@link #JSON_DATA}. */
  static final String JSON_DOC = "abuse/json";
  /** A text-unicode document at version {@link #FIXTURE_V} holding {@link #TEXT_DATA}. */
  static final String TEXT_DOC = "abuse/text";
  static final long FIXTURE_V = 3;
  static final JsonObject JSON_DATA = new JsonObject()
      .put("title", "hello world").put("items", new JsonArray().add(1).add(2).add(3).add(4)).put("n", 5)
      .put("nested", new JsonObject().put("a", new JsonObject().put("b", "xyz")))
      .put("flag", true).putNull("nil").put("emoji", "a😀b");
  static final String TEXT_DATA = "éllo 😀 wörld!";
  /** Code points in {@link #TEXT_DATA}. */
  static final int TEXT_LENGTH = TEXT_DATA.codePointCount(0, TEXT_DATA.length());

  /** One bad frame: text, or binary when {@code binary} is set; and the error it must get. */
  record Case(String family, String text, byte[] binary, Long re, String code) {
    String shown() {
      String body = binary != null ? "<binary " + binary.length + " bytes>" : text;
      return body.length() > 160 ? body.substring(0, 160) + "…(" + body.length() + " chars)" : body;
    }
  }

  private static final Pattern RAW = Pattern.compile("\"RAW#(\\d+)#\"");
  private static final Set<String> FRAME_TYPES = Set.of("hello", "sub", "unsub", "create", "op", "fetch", "ping", "del", "snap");

  private final Random random;
  private final int maxFrameBytes;
  private final List<String> raws = new ArrayList<>();
  private final List<String> neverCreated = new ArrayList<>();
  private final List<Family> families = List.of(
      new Family("not JSON", this::notJson),
      new Family("truncated JSON", this::truncated),
      new Family("JSON that is not an object", this::notAnObject),
      new Family("missing or non-string t", this::badT),
      new Family("unknown t", this::unknownT),
      new Family("bad request id", this::badId),
      new Family("wrong field type", this::wrongFieldType),
      new Family("bad document id", this::badDocId),
      new Family("json0 op that does not apply", this::json0DoesNotApply),
      new Family("malformed json0 op", this::json0Malformed),
      new Family("text-unicode op that does not apply", this::textDoesNotApply),
      new Family("malformed text-unicode op", this::textMalformed),
      new Family("op on a missing document", this::opOnMissing),
      new Family("version ahead", this::versionAhead),
      new Family("create of an existing document", this::createExisting),
      new Family("binary frame", this::binary),
      new Family("deeply nested JSON", this::deeplyNested),
      new Family("long strings within the frame limit", this::longStrings),
      new Family("frame over the size limit", this::overFrameLimit),
      new Family("too many op components", this::tooManyComponents),
      new Family("hello changing src", this::helloChangingSrc));

  BadFrames(Random random, int maxFrameBytes) {
    this.random = random;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** {@code count} cases: ten of every family in turn, then families at random. */
  List<Case> generate(int count) {
    List<Case> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Family family = i < families.size() * 10 ? families.get(i % families.size()) : pick(families);
      cases.add(family.make.get().withFamily(family.name));
    }
    return cases;
  }

  /** Documents some refused frame would have created; they must still not exist. */
  List<String> neverCreated() {
    return List.copyOf(neverCreated);
  }

  private record Family(String name, Supplier<Draft> make) {}

  /** A case before its family name is attached. */
  private record Draft(String text, byte[] binary, Long re, String code) {
    Case withFamily(String family) {
      return new Case(family, text, binary, re, code);
    }
  }

  // ---- families -------------------------------------------------------------------------------

  private Draft notJson() {
    String text = pick(List.of(
        "{not json", "{\"t\":", "{'t':'ping','id':1}", "{\"t\":\"ping\",}", "{\"t\" \"ping\"}", "{\"t\":\"ping\"}}",
        "{\"t\":\"ping\",\"id\":01}", "{\"t\":\"ping\",\"id\":NaN}", "{\"t\":\"ping\",\"id\":Infinity}",
"nul", "tru", "[1,2", "{\"t\":\"ping\",\"id\":1,\"x\":\"\\q\"}",
        "{\"t\":\"ping\",\"id\":1,\"x\":\"\\ud8\"}", "<html>", "ping", "\u0000", "{\"t\":\"ping\"\u0000}",
        "{\"a\":1}{\"b\":2}", "{\"t\":\"ping\",\"id\":1,\"x\":\"unterminated}"));
    if (random.nextBoolean()) {
      text = randomGarbage(1 + random.nextInt(200));
    }
    return new Draft(text, null, null, "bad_request");
  }

  private Draft truncated() {
    String whole = encode(validFrame());
    int cut = 1 + random.nextInt(whole.length() - 1);
    return new Draft(whole.substring(0, cut), null, null, "bad_request");
  }

  private Draft notAnObject() {
    String text = pick(List.of("[]", "[{\"t\":\"ping\",\"id\":1}]", "\"ping\"", "42", "-1.5e3", "null", "true",
        "false", "0", "\"{\\\"t\\\":\\\"ping\\\"}\"", "[[[]]]", "1e999", "\"\"", "[null]"));
    return new Draft(text, null, null, "bad_request");
  }

  private Draft badT() {
    Id id = id();
    JsonObject frame = id.put(new JsonObject().put("doc", JSON_DOC));
    switch (random.nextInt(7)) {
      case 0 -> { }
      case 1 -> frame.put("t", random.nextInt(100));
      case 2 -> frame.putNull("t");
      case 3 -> frame.put("t", true);
      case 4 -> frame.put("t", new JsonArray().add("ping"));
      case 5 -> frame.put("t", new JsonObject().put("t", "ping"));
      default -> frame.put("t", raw("1.5"));
    }
    return new Draft(encode(frame), null, id.re, "bad_request");
  }

  private Draft unknownT() {
    Id id = id();
    String t = pick(List.of("PING", "Ping", " ping", "ping ", "ping\u0000", "pong", "welcome", "err", "ack",
        "snapshot", "ops", "subscribe", "delete", "remove", "join", "", "hello!", "ÿ", "😀", "op\n"));
    if (random.nextInt(3) == 0) {
      t = randomAscii(1 + random.nextInt(30));
    }
    if (FRAME_TYPES.contains(t)) {
      t = t + "x";
    }
    return new Draft(encode(id.put(new JsonObject().put("t", t).put("doc", JSON_DOC))), null, id.re, "bad_request");
  }

  /** A frame that would be served, but its id is not an integer: refused whole, with no id to echo. */
  private Draft badId() {
    JsonObject frame = validFrame();
    Object bad = pick(List.of("1", "", "abc", 1.5, -0.5, true, false, new JsonArray().add(1), new JsonObject().put("id", 1),
        raw("1e30"), raw("99999999999999999999"), raw("-99999999999999999999"), raw("1.0e16"), raw("1e-7"),
        raw("9223372036854775808")));
    frame.put("id", bad);
    return new Draft(encode(frame), null, null, "bad_request");
  }

  private Draft wrongFieldType() {
    Id id = id();
    String never = never();
    JsonObject frame;
    switch (random.nextInt(9)) {
      case 0 -> frame = new JsonObject().put("t", "hello").put("src", badSrc());
      case 1 -> frame = new JsonObject().put("t", "hello").put("src", SRC).put("token", pick(List.of(5, true, new JsonArray(), new JsonObject())));
      case 2 -> frame = new JsonObject().put("t", "sub").put("doc", JSON_DOC).put("v", badCount(false));
      case 3 -> frame = validOp(JSON_DOC).put(pick(List.of("v", "seq")), badCount(true));
      case 4 -> frame = validOp(JSON_DOC).put("src", badSrc());
      case 5 -> frame = random.nextBoolean()
          ? validOp(JSON_DOC).putNull("op")
          : without(validOp(JSON_DOC), pick(List.of("op", "v", "seq", "doc")));
      case 6 -> {
        int which = random.nextInt(3);
        frame = new JsonObject().put("t", "fetch").put("doc", JSON_DOC).put("from", 0);
        if (which == 0) {
          frame.put("from", badCount(true));
        } else if (which == 1) {
          frame.put("to", badCount(true));
        } else {
          long from = 1 + random.nextInt(1000);
          frame.put("from", from).put("to", random.nextInt((int) from));
        }
      }
      case 7 -> {
        frame = validCreate(never);
        switch (random.nextInt(6)) {
          case 0 -> frame.put("type", pick(List.of(5, true, new JsonArray(), new JsonObject())));
          case 1 -> frame.put("type", pick(List.of("json1", "JSON0", "text", "", "text-unicode ", "rich-text")));
          case 2 -> frame.remove("type");
          case 3 -> frame.remove("data");
          case 4 -> frame.put("type", "text-unicode").put("data", pick(List.of(5, true, new JsonArray(), new JsonObject().put("a", 1),
              raw("\"a\\ud800b\""), raw("\"\\udc00\""))));
          default -> {
            if (random.nextBoolean()) {
              frame.put("src", SRC).put("seq", pick(List.of(0, -1, "1", 1.5, raw("1e30"), "", "a b", true)));
            } else {
              frame.put("src", badSrc()).put("seq", 1);
            }
          }
        }
      }
      default -> frame = without(new JsonObject().put("t", pick(List.of("sub", "unsub", "fetch"))).put("doc", JSON_DOC)
          .put("from", 0), "doc");
    }
    return new Draft(encode(id.put(frame)), null, id.re, "bad_request");
  }

  private Draft badDocId() {
    Id id = id();
    Object doc = pick(List.of("", "a".repeat(257), "x".repeat(256) + "/", "a b", "notes#1", "notes?1", "notes\\1",
        "é", "notes/😀", "tab\tid", "new\nline", "nul\u0000", "%2F", "notes/1 ", "*", "\"", "{}", 5, 0, true,
        new JsonArray().add("notes/1"), new JsonObject().put("doc", "notes/1"), raw("\"a\\ud800\""), raw("1e30")));
    if (random.nextInt(3) == 0) {
      doc = randomUnicode(1 + random.nextInt(300));
    }
    JsonObject frame = switch (random.nextInt(5)) {
      case 0 -> new JsonObject().put("t", "sub");
      case 1 -> new JsonObject().put("t", "unsub");
      case 2 -> new JsonObject().put("t", "fetch").put("from", 0);
      case 3 -> validCreate("x");
      default -> validOp(JSON_DOC);
    };
    frame.put("doc", doc);
    return new Draft(encode(id.put(frame)), null, id.re, "bad_request");
  }

  private Draft json0DoesNotApply() {
    JsonObject c = pick(List.of(
        comp("oi", 1, "nope", "x"), comp("od", 1, "nope"), comp("od", "x", "nope"), comp("oi", "x", "title"),
        comp("ld", 1, "items", 4), comp("ld", 1, "items", 99), comp("li", 1, "items", 5), comp("lm", 4, "items", 0),
        comp("lm", 0, "items", 9), comp("li", 1, "nested", 0, 0), comp("oi", 1, "nested", "a", "b", "c"),
        comp("na", 1, "flag"), comp("na", 1, "title"), comp("na", 1, "nested"), comp("na", 1), comp("oi", 1, "nil", "x"),
        comp("oi", 1, "items", "x"), comp("si", "x", "title", 12), comp("si", "x", "n", 0), comp("si", "x", "items", 0),
        comp("sd", "HELLO", "title", 0), comp("sd", "ddd", "title", 10), comp("sd", "d", "title", 11),
        comp("sd", "world!", "title", 6), comp("oi", 1, "title", 0, "x"), comp("oi", 1), comp("od", 1),
        comp("li", 1, "title", 0), comp("ld", 1, "n", 0),
        new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", 99).put("i", "x"))),
        new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", 0).put("d", "nope"))),
        new JsonObject().put("p", new JsonArray().add("n")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", 0).put("i", "x")))));
    JsonArray op = new JsonArray();
    if (random.nextBoolean()) {
      // A valid component first: the op must fail whole, not halfway.
      // (Only components that leave alone what the failing ones look at.)
      op.add(pick(List.of(comp("na", 7, "n"), comp("si", "Z", "emoji", 0), comp("oi", "v", "fresh-key"),
          comp("oi", 1, "other-key"), comp("od", true, "flag"))));
    }
    op.add(c);
    Id id = id();
    return new Draft(encode(id.put(validOp(JSON_DOC).put("v", FIXTURE_V).put("op", op))), null, id.re, "invalid_op");
  }

  private Draft json0Malformed() {
    Object op = pick(List.of(
        5, "op", true, new JsonObject(), new JsonObject().put("p", new JsonArray()).put("oi", 1),
        new JsonArray().add(5), new JsonArray().add("x"), new JsonArray().addNull(), new JsonArray().add(new JsonArray()),
        new JsonArray().add(new JsonObject().put("oi", 1)),
        new JsonArray().add(new JsonObject().put("p", "title").put("oi", 1)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("x"))),
        new JsonArray().add(comp("oi", 1, "x").put("li", 1)),
        new JsonArray().add(comp("na", "1", "n")),
        new JsonArray().add(comp("na", true, "n")),
        new JsonArray().add(comp("na", raw("1e999"), "n")),
        new JsonArray().add(comp("si", 5, "title", 0)),
        new JsonArray().add(comp("sd", new JsonArray(), "title", 0)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title").add(-1)).put("si", "a")),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title").add(1.5)).put("si", "a")),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title").add(raw("1e30"))).put("si", "a")),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().addNull()).put("oi", 1)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add(true)).put("oi", 1)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add(new JsonObject())).put("oi", 1)),
        new JsonArray().add(comp("lm", -1, "items", 0)),
        new JsonArray().add(comp("lm", "a", "items", 0)),
        new JsonArray().add(comp("lm", 1.5, "items", 0)),
        new JsonArray().add(comp("oi", 1, "nested", 0)),
        new JsonArray().add(comp("li", 1, "items", "a")),
        new JsonArray().add(comp("li", 1)),
        new JsonArray().add(comp("si", "a", "title")),
        new JsonArray().add(comp("si", "a")),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title")).put("t", "text1").put("o", new JsonArray())),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0").put("o", 5)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", 0)))),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", -1).put("i", "x")))),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("title")).put("t", "text0")
            .put("o", new JsonArray().add(new JsonObject().put("p", 0).put("i", "x").put("d", "h")))),
        new JsonArray().add(comp("na", 1, "n")).add(7)));
    Id id = id();
    long v = 1 + random.nextInt((int) FIXTURE_V);
    return new Draft(encode(id.put(validOp(JSON_DOC).put("v", v).put("op", op))), null, id.re, "invalid_op");
  }

  private Draft textDoesNotApply() {
    int len = TEXT_LENGTH;
    JsonArray op = pick(List.of(
        new JsonArray().add(len + 1), new JsonArray().add(len + 1).add("x"), new JsonArray().add(Integer.MAX_VALUE),
        new JsonArray().add(del(len + 1)), new JsonArray().add(len).add(del(1)), new JsonArray().add(len - 1).add(del(2)),
        new JsonArray().add(del("zz")), new JsonArray().add(del("É")), new JsonArray().add(5).add(del("😀x")),
        new JsonArray().add(4).add(del("😀")), new JsonArray().add("abc").add(len + 1),
        new JsonArray().add(1).add("abc").add(del(100)), new JsonArray().add(del(TEXT_DATA + "!"))));
    Id id = id();
    return new Draft(encode(id.put(validOp(TEXT_DOC).put("v", FIXTURE_V).put("op", op))), null, id.re, "invalid_op");
  }

  private Draft textMalformed() {
    Object op = pick(List.of(
        5, "abc", true, new JsonObject().put("d", 1), new JsonArray().add(0), new JsonArray().add(-1),
        new JsonArray().add(1.5), new JsonArray().add(raw("1e30")), new JsonArray().add(raw("99999999999999999999")),
        new JsonArray().add("a").add(true), new JsonArray().addNull(), new JsonArray().add(new JsonArray().add(1)),
        new JsonArray().add(new JsonObject()), new JsonArray().add(del(0)), new JsonArray().add(del(-2)),
        new JsonArray().add(del(1.5)), new JsonArray().add(new JsonObject().put("d", 1).put("x", 1)),
        new JsonArray().add(new JsonObject().put("d", true)), new JsonArray().add(new JsonObject().putNull("d")),
        new JsonArray().add(new JsonObject().put("d", raw("\"\\ud800\""))),
        new JsonArray().add(5).add(new JsonObject().put("d", raw("\"\\ud83d\""))),
        new JsonArray().add(raw("\"\\udc00\"")), new JsonArray().add(raw("\"a\\ud800b\"")),
        new JsonArray().add(new JsonObject().put("i", "x")), new JsonArray().add(""), new JsonArray().add(2).add("")));
    Id id = id();
    long v = 1 + random.nextInt((int) FIXTURE_V);
    return new Draft(encode(id.put(validOp(TEXT_DOC).put("v", v).put("op", op))), null, id.re, "invalid_op");
  }

  private Draft opOnMissing() {
    Id id = id();
    JsonObject frame = validOp(never()).put("v", pick(List.of(0L, 1L, 5L, (long) random.nextInt(1_000_000))));
    if (random.nextBoolean()) {
      frame.put("op", pick(List.of(new JsonArray().add("x"), new JsonArray().add(5), new JsonArray().add(comp("oi", 1, "k")))));
    }
    return new Draft(encode(id.put(frame)), null, id.re, "not_found");
  }

  private Draft versionAhead() {
    Id id = id();
    long v = pick(List.of(FIXTURE_V + 1, FIXTURE_V + 2, 1_000_000L, Long.MAX_VALUE, (long) Integer.MAX_VALUE + 7,
        FIXTURE_V + 1 + random.nextInt(1_000_000)));
    JsonObject frame = switch (random.nextInt(4)) {
      case 0 -> validOp(JSON_DOC).put("v", v);
      case 1 -> validOp(TEXT_DOC).put("v", v);
      case 2 -> new JsonObject().put("t", "sub").put("doc", pick(List.of(JSON_DOC, TEXT_DOC))).put("v", v);
      default -> new JsonObject().put("t", "sub").put("doc", never()).put("v", 1 + random.nextInt(1000));
    };
    return new Draft(encode(id.put(frame)), null, id.re, "version_ahead");
  }

  private Draft createExisting() {
    Id id = id();
    JsonObject frame = new JsonObject().put("t", "create").put("doc", pick(List.of(JSON_DOC, TEXT_DOC)));
    if (random.nextBoolean()) {
      frame.put("type", "json0").put("data", pick(List.of(new JsonObject(), new JsonObject().put("a", 1), 5, "s")));
    } else {
      frame.put("type", "text-unicode").put("data", pick(List.of("", "hello", TEXT_DATA)));
    }
    if (random.nextBoolean()) {
      frame.put("src", pick(List.of(SRC, "other-client"))).put("seq", 1 + random.nextInt(1000));
    }
    return new Draft(encode(id.put(frame)), null, id.re, "conflict");
  }

  private Draft binary() {
    byte[] data = switch (random.nextInt(4)) {
      case 0 -> new byte[0];
      case 1 -> "{\"t\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8);
      case 2 -> encode(validFrame()).getBytes(StandardCharsets.UTF_8);
      default -> {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        yield bytes;
      }
    };
    return new Draft(null, data, null, "bad_request");
  }

  private Draft deeplyNested() {
    int depth = pick(List.of(1_000, 5_000, 20_000, 60_000, 100_000));
    String text = switch (random.nextInt(4)) {
      case 0 -> "[".repeat(depth) + "]".repeat(depth);
      case 1 -> "{\"t\":\"ping\",\"id\":1,\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      case 2 -> "{\"t\":\"create\",\"id\":1,\"doc\":\"" + never() + "\",\"type\":\"json0\",\"data\":"
          + "{\"a\":".repeat(Math.min(depth, 40_000)) + "1" + "}".repeat(Math.min(depth, 40_000)) + "}";
      default -> "[".repeat(depth);
    };
    return new Draft(text, null, null, "bad_request");
  }

  private Draft longStrings() {
    int length = 50_000 + random.nextInt(maxFrameBytes - 60_000);
    Id id = id();
    String longText = "x".repeat(length);
    return switch (random.nextInt(6)) {
      case 0 -> new Draft(encode(id.put(new JsonObject().put("t", longText))), null, id.re, "bad_request");
      case 1 -> new Draft(encode(id.put(new JsonObject().put("t", "sub").put("doc", longText))), null, id.re, "bad_request");
      case 2 -> new Draft(encode(id.put(new JsonObject().put("t", "hello").put("src", longText))), null, id.re, "bad_request");
      case 3 -> new Draft(encode(id.put(validOp(JSON_DOC).put("v", FIXTURE_V)
          .put("op", new JsonArray().add(comp("sd", longText, "title", 0))))), null, id.re, "invalid_op");
      case 4 -> new Draft(encode(id.put(validOp(TEXT_DOC).put("v", FIXTURE_V)
          .put("op", new JsonArray().add(longText).add(TEXT_LENGTH + 1)))), null, id.re, "invalid_op");
      default -> new Draft(encode(id.put(validOp(never()).put("op", new JsonArray().add(longText)))), null, id.re, "not_found");
    };
  }

  /** Over the configured limit but under the transport's cap (twice the limit): refused unread, no id. */
  private Draft overFrameLimit() {
    int bytes = maxFrameBytes + 1 + random.nextInt(maxFrameBytes / 2);
    JsonObject frame = new JsonObject().put("t", "ping").put("id", 1);
    String text;
    if (random.nextBoolean()) {
      text = encode(frame.put("pad", "p".repeat(bytes)));
    } else {
      // Multi-byte characters: few chars, many bytes.
      text = encode(frame.put("pad", "😀".repeat(bytes / 4 + 1)));
    }
    return new Draft(text, null, null, "too_large");
  }

  private Draft tooManyComponents() {
    Id id = id();
    int n = 2_001 + random.nextInt(500);
    JsonArray op = new JsonArray();
    for (int i = 0; i < n; i++) {
      op.add(1);
    }
    String doc = pick(List.of(JSON_DOC, TEXT_DOC, never()));
    return new Draft(encode(id.put(validOp(doc).put("op", op))), null, id.re, "too_large");
  }

  private Draft helloChangingSrc() {
    Id id = id();
    String other = pick(List.of("abuser2", "ABUSER", "someone", "abuse", "a"));
    return new Draft(encode(id.put(new JsonObject().put("t", "hello").put("src", other))), null, id.re, "bad_request");
  }

  // ---- building blocks ------------------------------------------------------------------------

  /** A request id as the frame carries it and the {@code re} the reply must echo; sometimes absent. */
  private record Id(Object value, Long re) {
    JsonObject put(JsonObject frame) {
      if (value != null) {
        frame.put("id", value);
      }
      return frame;
    }
  }

  private Id id() {
    return switch (random.nextInt(8)) {
      case 0 -> new Id(null, null);
      case 1 -> {
        long n = random.nextInt(1000);
        yield new Id((double) n, n);
      }
      case 2 -> {
        long n = -1 - random.nextInt(1_000_000);
        yield new Id(n, n);
      }
      case 3 -> {
        long n = random.nextLong();
        yield new Id(n, n);
      }
      default -> {
        long n = random.nextInt(Integer.MAX_VALUE);
        yield new Id(n, n);
      }
    };
  }

  /** A frame the server would serve (its id, when any, is set by the caller). */
  private JsonObject validFrame() {
    return switch (random.nextInt(7)) {
      case 0 -> new JsonObject().put("t", "ping");
      case 1 -> new JsonObject().put("t", "sub").put("doc", JSON_DOC);
      case 2 -> new JsonObject().put("t", "unsub").put("doc", TEXT_DOC);
      case 3 -> validCreate(never());
      case 4 -> validOp(JSON_DOC).put("v", FIXTURE_V);
      case 5 -> validOp(TEXT_DOC).put("v", FIXTURE_V);
      default -> new JsonObject().put("t", "fetch").put("doc", JSON_DOC).put("from", 0);
    };
  }

  private JsonObject validCreate(String doc) {
    return random.nextBoolean()
        ? new JsonObject().put("t", "create").put("doc", doc).put("type", "json0").put("data", new JsonObject().put("k", 1))
        : new JsonObject().put("t", "create").put("doc", doc).put("type", "text-unicode").put("data", "hi");
  }

  /** An op that would apply to the document at {@link #FIXTURE_V}. */
  private JsonObject validOp(String doc) {
    JsonArray op = doc.equals(TEXT_DOC)
        ? new JsonArray().add(2).add("ok")
        : new JsonArray().add(comp("na", 1, "n"));
    JsonObject frame = new JsonObject().put("t", "op").put("doc", doc).put("v", FIXTURE_V)
        .put("seq", 1 + random.nextInt(1_000_000_000)).put("op", op);
    if (random.nextBoolean()) {
      frame.put("src", SRC);
    }
    return frame;
  }

  private static JsonObject comp(String instruction, Object value, Object... path) {
    JsonArray p = new JsonArray();
    for (Object e : path) {
      p.add(e);
    }
    return new JsonObject().put("p", p).put(instruction, value);
  }

  private static JsonObject del(Object d) {
    return new JsonObject().put("d", d);
  }

  private static JsonObject without(JsonObject frame, String field) {
    frame.remove(field);
    return frame;
  }

  private Object badCount(boolean required) {
    List<Object> bad = new ArrayList<>(List.of(-1, -1_000_000, 1.5, 0.5, "3", "", true, new JsonArray(), new JsonObject(),
        raw("1e30"), raw("99999999999999999999"), raw("-1e30"), raw("1.0e16"), raw("9223372036854775808")));
    if (required) {
      bad.add(raw("-0.5"));
    }
    return pick(bad);
  }

  private Object badSrc() {
    return pick(List.of("", "s".repeat(65), "a b", "src#1", "é", "😀", "tab\t", 5, true, new JsonArray(),
        new JsonObject(), raw("\"\\ud800\"")));
  }

  /** A fresh document id that refused frames name, recorded so the test can check it was never created. */
  private String never() {
    String doc = "abuse/never-" + neverCreated.size();
    neverCreated.add(doc);
    return doc;
  }

  /** A value written into the JSON text exactly as given (numbers JSON allows but Java would round, escapes). */
  private String raw(String literal) {
    raws.add(literal);
    return "RAW#" + (raws.size() - 1) + "#";
  }

  private String encode(JsonObject frame) {
    Matcher m = RAW.matcher(frame.encode());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(raws.get(Integer.parseInt(m.group(1)))));
    }
    return m.appendTail(out).toString();
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private String randomGarbage(int length) {
    StringBuilder s = new StringBuilder();
    String alphabet = "{}[]\":,tpingdoc0123456789.-eE \\/'nulltruefalse\u00e9\u00ff";
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    // A random string may by chance be valid JSON; an object would not be garbage, so open one we never close.
    return "{" + s;
  }

  private String randomAscii(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) (32 + random.nextInt(95)));
    }
    return s.toString();
  }

  /** Random code points (never surrogates), at least one outside the id alphabet. */
  private String randomUnicode(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int cp;
      do {
        cp = random.nextInt(4) == 0 ? random.nextInt(0x1F700) : 32 + random.nextInt(95);
      } while (cp >= 0xD800 && cp <= 0xDFFF);
      s.appendCodePoint(cp);
    }
    return s.append('~').toString();
  }
}
