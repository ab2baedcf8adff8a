package io.lockstep.sync.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.config.LockstepConfig;
import io.lockstep.common.testing.HttpTestClient.Response;
import io.lockstep.common.testing.HttpTestClient;
import io.lockstep.sync.testing.RawWebSocket;
import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.TestLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP documents API (PROTOCOL.md §2, docs/protocol.md "Documents over HTTP"): the happy paths,
 * then every way a request can be wrong and the status and {@code {"code","msg"}} body it must get.
 * A refused request never changes a document.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DocsHttpTest {
  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_COMPONENTS = 10;
  private static final int MAX_DOC = 8 * 1024;

  private static SyncTestServer server;
  private static HttpTestClient http;

  @BeforeAll
  static void start() {
    server = SyncTestServer.start(LockstepConfig.defaults().withLimits(TestLimits.defaults()
        .maxFrameBytes(MAX_BODY).maxOpComponents(MAX_COMPONENTS).maxDocBytes(MAX_DOC).build()));
    http = new HttpTestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDocumentIsCreatedEditedAndReadBack() {
    Response created = http.put("/docs/http%2Fhappy", "{\"type\":\"json0\",\"data\":{\"items\":[]}}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json()).isEqualTo(new JsonObject().put("v", 1));
    assertThat(created.header("content-type")).startsWith("application/json");

    Response snapshot = http.get("/docs/http%2Fhappy");
    assertThat(snapshot.status()).isEqualTo(200);
    assertThat(snapshot.json()).isEqualTo(new JsonObject().put("v", 1).put("type", "json0")
        .put("data", new JsonObject().put("items", new JsonArray())));

    assertThat(postOp("http%2Fhappy", 1, listInsert("a")).json().getLong("v")).isEqualTo(2);
    String withSrc = body(2, listInsert("b")).put("src", "http-client").put("seq", 7).encode();
    assertThat(http.post("/docs/http%2Fhappy/ops", withSrc).json().getLong("v")).isEqualTo(3);
    Response again = http.post("/docs/http%2Fhappy/ops", withSrc);
    assertThat(again.json().getLong("v")).as("a resubmission gets its original version").isEqualTo(3);
    // Made against version 1: transformed over versions 2 and 3, and committed after them.
    assertThat(postOp("http%2Fhappy", 1, listInsert("c")).json().getLong("v")).isEqualTo(4);

    JsonObject data = http.get("/docs/http%2Fhappy").json().getJsonObject("data");
    assertThat(data.getJsonArray("items")).containsExactly("c", "b", "a");

    JsonArray all = http.get("/docs/http%2Fhappy/ops").json().getJsonArray("ops");
    assertThat(all.stream().map(o -> ((JsonObject) o).getLong("v")).toList()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(all.getJsonObject(0).getJsonObject("create").getString("type")).isEqualTo("json0");
    assertThat(all.getJsonObject(2).getString("src")).isEqualTo("http-client");
    JsonArray some = http.get("/docs/http%2Fhappy/ops?from=1&to=3").json().getJsonArray("ops");
    assertThat(some.stream().map(o -> ((JsonObject) o).getLong("v")).toList()).containsExactly(2L, 3L);

    Response text = http.put("/docs/http%2Ftext", "{\"type\":\"text-unicode\",\"data\":\"héllo\"}");
    assertThat(text.status()).isEqualTo(201);
    assertThat(postOp("http%2Ftext", 1, new JsonArray().add(5).add(" wörld 😀")).status()).isEqualTo(200);
    assertThat(http.get("/docs/http%2Ftext").json().getString("data")).isEqualTo("héllo wörld 😀");
  }

  @Test
  void aMissingDocumentIs404() {
    assertError(http.get("/docs/http%2Fmissing"), 404, "not_found");
    assertError(postOp("http%2Fmissing", 0, listInsert("x")), 404, "not_found");
    assertError(postOp("http%2Fmissing", 1, listInsert("x")), 404, "not_found");
    assertError(http.get("/docs/http%2Fmissing"), 404, "not_found");
  }

  @Test
  void creatingADocumentThatExistsIs409() {
    assertThat(http.put("/docs/http%2Ftwice", "{\"type\":\"json0\",\"data\":{\"n\":1}}").status()).isEqualTo(201);
    assertError(http.put("/docs/http%2Ftwice", "{\"type\":\"json0\",\"data\":{\"n\":2}}"), 409, "conflict");
    assertError(http.put("/docs/http%2Ftwice", "{\"type\":\"text-unicode\",\"data\":\"x\"}"), 409, "conflict");
    Response snapshot = http.get("/docs/http%2Ftwice");
    assertThat(snapshot.json().getLong("v")).isEqualTo(1);
    assertThat(snapshot.json().getJsonObject("data").getInteger("n")).isEqualTo(1);
  }

  @Test
  void malformedRequestsAre400AndChangeNothing() {
    assertThat(http.put("/docs/http%2Fbad", "{\"type\":\"json0\",\"data\":{\"items\":[]}}").status()).isEqualTo(201);
    List<String[]> bad = List.of(
        // bodies of PUT
        new String[] {"PUT", "/docs/http%2Fbad-new", "{not json"},
        new String[] {"PUT", "/docs/http%2Fbad-new", ""},
        new String[] {"PUT", "/docs/http%2Fbad-new", "[]"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "\"json0\""},
        new String[] {"PUT", "/docs/http%2Fbad-new", "null"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"data\":{}}"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"type\":5,\"data\":{}}"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"type\":\"json0\"}"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"type\":\"json1\",\"data\":{}}"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"type\":\"text-unicode\",\"data\":5}"},
        new String[] {"PUT", "/docs/http%2Fbad-new", "{\"type\":\"text-unicode\",\"data\":\"\\ud800\"}"},
        // bodies of POST
        new String[] {"POST", "/docs/http%2Fbad/ops", "{not json"},
        new String[] {"POST", "/docs/http%2Fbad/ops", ""},
        new String[] {"POST", "/docs/http%2Fbad/ops", "[]"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"op\":[]}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":-1,\"op\":[]}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":\"1\",\"op\":[]}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1.5,\"op\":[]}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":99999999999999999999,\"op\":[]}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":null}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":[],\"src\":\"a b\",\"seq\":1}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":[],\"src\":5,\"seq\":1}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":[],\"src\":\"ok\"}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":[],\"src\":\"ok\",\"seq\":0}"},
        new String[] {"POST", "/docs/http%2Fbad/ops", "{\"v\":1,\"op\":[],\"src\":\"ok\",\"seq\":\"1\"}"},
        // document ids
        new String[] {"GET", "/docs/a%20b", null},
        new String[] {"GET", "/docs/%C3%A9t%C3%A9", null},
        new String[] {"GET", "/docs/a+b", null},
        new String[] {"GET", "/docs/notes%231", null},
        new String[] {"GET", "/docs/" + "d".repeat(257), null},
        new String[] {"GET", "/docs/", null},
        new String[] {"GET", "/docs//ops", null},
        new String[] {"PUT", "/docs/a%20b", "{\"type\":\"json0\",\"data\":{}}"},
        new String[] {"POST", "/docs/a%20b/ops", "{\"v\":1,\"op\":[]}"},
        // query parameters
        new String[] {"GET", "/docs/http%2Fbad/ops?from=abc", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?from=-1", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?from=1.5", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?from=", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?from=99999999999999999999", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?to=x", null},
        new String[] {"GET", "/docs/http%2Fbad/ops?from=5&to=2", null});
    for (String[] request : bad) {
      Response response = http.send(request[0], request[1], request[2], null);
      assertThat(response.status()).as("%s %s %s: %s", request[0], request[1], request[2], response).isEqualTo(400);
      assertThat(response.json().getString("code")).as("%s %s %s", request[0], request[1], request[2]).isEqualTo("bad_request");
      assertThat(response.json().getString("msg")).isNotBlank();
    }
    for (String target : List.of("/docs/%E9t%E9", "/docs/%00", "/docs", "/docs/%2Fabs%2F..%2F%2F/ops?from=x")) {
      Response response = http.sendRaw("GET", target);
      assertThat(response.status()).as("GET %s: %s", target, response).isEqualTo(400);
      assertThat(response.json().getString("code")).as("GET %s", target).isEqualTo("bad_request");
    }
    // A malformed escape in the path is refused by the router before the handler (see the gap below).
    assertThat(http.sendRaw("GET", "/docs/x%ZZ").status()).isEqualTo(400);
    assertThat(http.sendRaw("GET", "/docs/x%2").status()).isEqualTo(400);
    assertThat(http.get("/docs/http%2Fbad").json().getLong("v")).isEqualTo(1);
    assertError(http.get("/docs/http%2Fbad-new"), 404, "not_found");
  }

  @Test
  void anOpThatDoesNotApplyIs422() {
    assertThat(http.put("/docs/http%2Finvalid", "{\"type\":\"json0\",\"data\":{\"items\":[],\"n\":1}}").status()).isEqualTo(201);
    assertThat(http.put("/docs/http%2Finvalid-text", "{\"type\":\"text-unicode\",\"data\":\"abc\"}").status()).isEqualTo(201);
    for (Object op : List.of(
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("missing").add("x")).put("oi", 1)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("items").add(3)).put("ld", 1)),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("n")).put("si", "x")),
        new JsonArray().add(new JsonObject().put("p", new JsonArray().add("n")).put("na", 1))
            .add(new JsonObject().put("p", new JsonArray().add("items").add(9)).put("li", 1)),
        new JsonArray().add(5),
        "not an op")) {
      assertError(postOp("http%2Finvalid", 1, op), 422, "invalid_op");
    }
    assertError(postOp("http%2Finvalid-text", 1, new JsonArray().add(4)), 422, "invalid_op");
    assertError(postOp("http%2Finvalid-text", 1, new JsonArray().add(new JsonObject().put("d", "xyz"))), 422, "invalid_op");
    assertError(postOp("http%2Finvalid-text", 1, new JsonArray().add(new JsonObject().put("d", 0))), 422, "invalid_op");
    JsonObject snapshot = http.get("/docs/http%2Finvalid").json();
    assertThat(snapshot.getLong("v")).isEqualTo(1);
    assertThat(snapshot.getJsonObject("data").getInteger("n")).isEqualTo(1);
    assertThat(http.get("/docs/http%2Finvalid-text").json().getString("data")).isEqualTo("abc");
  }

  @Test
  void anOpAheadOfTheDocumentIsVersionAhead() {
    assertThat(http.put("/docs/http%2Fahead", "{\"type\":\"json0\",\"data\":{\"items\":[]}}").status()).isEqualTo(201);
    assertError(postOp("http%2Fahead", 2, listInsert("x")), 400, "version_ahead");
    assertError(postOp("http%2Fahead", Long.MAX_VALUE, listInsert("x")), 400, "version_ahead");
    assertThat(http.get("/docs/http%2Fahead").json().getLong("v")).isEqualTo(1);
  }

  @Test
  void percentEncodedIdsMayHoldSlashesAndMeanTheSameDocumentAsOverWebSocket() {
    assertThat(http.put("/docs/deep%2Fpath%2Fdoc", "{\"type\":\"json0\",\"data\":{\"items\":[]}}").status()).isEqualTo(201);
    assertThat(http.get("/docs/deep/path/doc").json().getLong("v")).as("unencoded slashes").isEqualTo(1);
    assertThat(http.get("/docs/deep%2fpath%2fdoc").json().getLong("v")).as("lower-case escapes").isEqualTo(1);
    assertThat(http.post("/docs/deep/path/doc/ops", body(1, listInsert("a")).encode()).json().getLong("v")).isEqualTo(2);
    assertThat(http.get("/docs/deep%2Fpath%2Fdoc/ops?from=1").json().getJsonArray("ops")).hasSize(1);

    // An id ending in "/ops" must be encoded; unencoded, the path means the ops of the id before it.
    assertThat(http.put("/docs/tricky%2Fops", "{\"type\":\"text-unicode\",\"data\":\"t\"}").status()).isEqualTo(201);
    assertThat(http.get("/docs/tricky%2Fops").json().getString("data")).isEqualTo("t");
    assertThat(http.get("/docs/tricky/ops").json().getJsonArray("ops")).isEmpty();

    try (RawWebSocket ws = RawWebSocket.connect(server.port())) {
      JsonObject snapshot = ws.request(new JsonObject().put("t", "sub").put("doc", "deep/path/doc"));
      assertThat(snapshot.getLong("v")).isEqualTo(2);
      assertThat(snapshot.getJsonObject("data").getJsonArray("items")).containsExactly("a");
      assertThat(ws.request(new JsonObject().put("t", "sub").put("doc", "tricky/ops")).getString("data")).isEqualTo("t");
    }
  }

  @Test
  void aMethodThePathDoesNotTakeIs405() {
    assertThat(http.put("/docs/http%2Fmethods", "{\"type\":\"json0\",\"data\":{}}").status()).isEqualTo(201);
    for (String[] request : List.of(
        new String[] {"POST", "/docs/http%2Fmethods", "GET, PUT, DELETE"},
        new String[] {"PATCH", "/docs/http%2Fmethods", "GET, PUT, DELETE"},
        new String[] {"PUT", "/docs/http%2Fmethods/ops", "GET, POST"},
        new String[] {"DELETE", "/docs/http%2Fmethods/ops", "GET, POST"})) {
      Response response = http.send(request[0], request[1], "{}", null);
      assertThat(response.status()).as("%s %s: %s", request[0], request[1], response).isEqualTo(405);
      assertThat(response.header("allow")).isEqualTo(request[2]);
      assertThat(response.json().getString("code")).isNotBlank();
    }
    assertThat(http.get("/docs/http%2Fmethods").json().getLong("v")).isEqualTo(1);
  }

  @Test
  void tooLargeRequestsAre413AndChangeNothing() {
    assertThat(http.put("/docs/http%2Flarge", "{\"type\":\"text-unicode\",\"data\":\"\"}").status()).isEqualTo(201);
    String hugeBody = body(1, new JsonArray().add("x".repeat(MAX_BODY))).encode();
    assertThat(http.post("/docs/http%2Flarge/ops", hugeBody).status()).isEqualTo(413);
    assertThat(http.put("/docs/http%2Flarge-new", "{\"type\":\"text-unicode\",\"data\":\"" + "x".repeat(MAX_BODY) + "\"}").status())
        .isEqualTo(413);

    JsonArray manyComponents = new JsonArray();
    for (int i = 0; i <= MAX_COMPONENTS; i++) {
      manyComponents.add("c");
    }
    assertError(postOp("http%2Flarge", 1, manyComponents), 413, "too_large");
    assertThat(postOp("http%2Flarge", 1, new JsonArray().add("y".repeat(MAX_DOC - 1_000))).status()).isEqualTo(200);
    assertError(postOp("http%2Flarge", 2, new JsonArray().add("z".repeat(2_000))), 413, "too_large");
    assertError(http.put("/docs/http%2Flarge-new", "{\"type\":\"text-unicode\",\"data\":\"" + "x".repeat(MAX_DOC) + "\"}"),
        413, "too_large");

    assertThat(http.get("/docs/http%2Flarge").json().getLong("v")).isEqualTo(2);
    assertError(http.get("/docs/http%2Flarge-new"), 404, "not_found");
  }

  @Test
  void aBodyOverTheLimitGetsTheJsonErrorBodyToo() {
    String hugeBody = body(1, new JsonArray().add("x".repeat(MAX_BODY))).encode();
    assertError(http.post("/docs/http%2Flarge/ops", hugeBody), 413, "too_large");
  }


  @Test
  void aMalformedEscapeInTheQueryIs400Not500() {
    assertError(http.sendRaw("GET", "/docs/http%2Fany?token=%ZZ"), 400, "bad_request");
    assertError(http.sendRaw("GET", "/docs/http%2Fany/ops?from=%ZZ"), 400, "bad_request");
  }

  @Test
  void aWholeNumberWrittenWithAFractionIsAcceptedAsOverWebSocket() {
    assertThat(http.put("/docs/http%2Fwhole", "{\"type\":\"json0\",\"data\":{\"items\":[]}}").status()).isEqualTo(201);
    Response response = http.post("/docs/http%2Fwhole/ops", "{\"v\":1.0,\"op\":" + listInsert("x").encode() + "}");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Response postOp(String encodedDoc, long v, Object op) {
    return http.post("/docs/" + encodedDoc + "/ops", body(v, op).encode());
  }

  private static JsonObject body(long v, Object op) {
    return new JsonObject().put("v", v).put("op", op);
  }

  private static JsonArray listInsert(String value) {
    return new JsonArray().add(new JsonObject().put("p", new JsonArray().add("items").add(0)).put("li", value));
  }

  private static void assertError(Response response, int status, String code) {
    assertThat(response.status()).as("%s", response).isEqualTo(status);
    assertThat(response.header("content-type")).as("%s", response).startsWith("application/json");
    assertThat(response.json().getString("code")).as("%s", response).isEqualTo(code);
    assertThat(response.json().getString("msg")).as("%s", response).isNotBlank();
  }
}
