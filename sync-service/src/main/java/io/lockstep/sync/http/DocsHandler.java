package io.lockstep.sync.http;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.config.Limits;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.engine.ops.StoredOpCodec;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;
import io.lockstep.common.protocol.OpBounds;
import io.lockstep.common.protocol.WholeNumbers;
import io.lockstep.edge.http.AuthenticatedBody;
import io.lockstep.sync.history.SnapshotHistory;
import io.lockstep.edge.http.HttpErrors;
import io.lockstep.edge.http.RequestRates;
import io.lockstep.sync.sequencer.OpsPage;
import io.lockstep.sync.sequencer.Sequencer;
import io.lockstep.sync.sequencer.SubmittedOp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP documents (PROTOCOL.md §2): {@code GET /docs/{doc}} (with {@code ?v=N}: at version N),
 * {@code GET /docs/{doc}/ops}, {@code POST /docs/{doc}/ops}, {@code PUT /docs/{doc}},
 * {@code DELETE /docs/{doc}}. Reads of ops come in pages ({@link OpsPage}); submissions are rate
 * limited per user and per client address ({@link RequestRates}). The document id is percent-encoded in the
 * path; an unencoded id with slashes also works unless it ends in {@code /ops}.
 */
public final class DocsHandler implements Handler<RoutingContext> {
  private static final String PREFIX = "/docs/";
  private final Sequencer sequencer;
  private final SnapshotHistory history;
  private final Limits limits;
  private final RequestRates rates;

  /** @param rates the node's HTTP rate limits of op submissions (POST ops, PUT, DELETE) */
  public DocsHandler(Sequencer sequencer, SnapshotHistory history, Limits limits, RequestRates rates) {
    this.sequencer = sequencer;
    this.history = history;
    this.limits = limits;
    this.rates = rates;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Void> served;
    try {
      served = serve(ctx, Request.of(ctx), AuthenticatedBody.rights(ctx));
    } catch (LockstepException e) {
      served = Future.failedFuture(e);
    }
    served.onFailure(e -> HttpErrors.send(ctx, e));
  }

  private Future<Void> serve(RoutingContext ctx, Request request, Rights rights) {
    HttpMethod method = ctx.request().method();
    if (method.equals(HttpMethod.GET) && !request.ops) {
      require(rights.canRead(request.doc), "read", request.doc);
      return getSnapshot(ctx, request.doc);
    }
    if (method.equals(HttpMethod.GET)) {
      require(rights.canRead(request.doc), "read", request.doc);
      return getOps(ctx, request.doc);
    }
    if (method.equals(HttpMethod.POST) && request.ops) {
      require(rights.canWrite(request.doc), "write", request.doc);
      rates.take(ctx, rights.user());
      return postOp(ctx, request.doc, rights.user());
    }
    if (method.equals(HttpMethod.PUT) && !request.ops) {
      require(rights.canWrite(request.doc), "write", request.doc);
      rates.take(ctx, rights.user());
      return putDoc(ctx, request.doc);
    }
    if (method.equals(HttpMethod.DELETE) && !request.ops) {
      require(rights.canWrite(request.doc), "write", request.doc);
      rates.take(ctx, rights.user());
      return deleteDoc(ctx, request.doc, rights.user());
    }
    ctx.response().putHeader("allow", request.ops ? "GET, POST" : "GET, PUT, DELETE");
    HttpErrors.write(ctx, 405, ErrorCode.BAD_REQUEST, method + " is not supported here");
    return Future.succeededFuture();
  }

  /** The current snapshot, or with {@code ?v=N} the document as it was at version N. */
  private Future<Void> getSnapshot(RoutingContext ctx, String doc) {
    long version = queryLong(ctx, "v", -1);
    Future<Snapshot> snapshot = version < 0 ? sequencer.snapshot(doc) : history.at(doc, version);
    return snapshot.map(found -> {
      if (found.type() == null) {
        throw new LockstepException(ErrorCode.NOT_FOUND, "document " + doc + " does not exist"
            + (version < 0 ? "" : " at version " + version));
      }
      JsonObject body = new JsonObject().put("v", found.v()).put("type", found.type()).put("data", found.data());
      json(ctx, 200, CrdtType.NAME.equals(found.type()) ? body.put("value", CrdtType.value(found.data(), found.v())) : body);
      return null;
    });
  }

  /** Deletes the document; an optional body {@code {"src","seq"}} makes a retried delete answer once. */
  private Future<Void> deleteDoc(RoutingContext ctx, String doc, String user) {
    String src = null;
    long seq = 0;
    if (AuthenticatedBody.body(ctx).length() > 0) {
      JsonObject body = body(ctx);
      src = body.getValue("src") == null ? null : Ids.requireSrc(stringField(body, "src"));
      seq = src == null ? 0 : Ids.requireSeq(requiredLong(body, "seq", 1));
    }
    return sequencer.submit(SubmittedOp.delete(doc, src, seq).by(user)).map(v -> {
      json(ctx, 200, new JsonObject().put("v", v));
      return null;
    });
  }

  private Future<Void> getOps(RoutingContext ctx, String doc) {
    long from = queryLong(ctx, "from", 0);
    long to = queryLong(ctx, "to", Long.MAX_VALUE);
    if (to < from) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "to is before from");
    }
    return OpsPage.read(sequencer, doc, from, to, limits).map(page -> {
      if (!page.complete()) {
        throw new LockstepException(ErrorCode.NOT_FOUND, "ops after version " + from + " are no longer retained");
      }
      JsonObject body = new JsonObject().put("ops", opsJson(page.ops()));
      page.next().ifPresent(next -> body.put("next", next));
      json(ctx, 200, body);
      return null;
    });
  }

  private Future<Void> postOp(RoutingContext ctx, String doc, String user) {
    JsonObject body = body(ctx);
    long v = requiredLong(body, "v", 0);
    Object op = body.getMap().get("op");
    if (op == null) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field op is missing");
    }
    OpBounds.requireOp(op, limits.maxOpComponents());
    String src = body.getValue("src") == null ? null : Ids.requireSrc(stringField(body, "src"));
    long seq = src == null ? 0 : Ids.requireSeq(requiredLong(body, "seq", 1));
    int bytes = AuthenticatedBody.body(ctx).length();
    return sequencer.submit(SubmittedOp.edit(doc, v, src, seq, op, bytes).by(user))
        .map(committed -> {
          json(ctx, 200, new JsonObject().put("v", committed));
          return null;
        });
  }

  private Future<Void> putDoc(RoutingContext ctx, String doc) {
    JsonObject body = body(ctx);
    String type = stringField(body, "type");
    if (!body.containsKey("data")) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field data is missing");
    }
    OpBounds.requireData(body.getMap().get("data"));
    return sequencer.submit(SubmittedOp.create(doc, type, body.getMap().get("data"), null, 0)).map(v -> {
      json(ctx, 201, new JsonObject().put("v", v));
      return null;
    });
  }

  private static JsonArray opsJson(List<StoredOp> ops) {
    JsonArray list = new JsonArray();
    for (StoredOp op : ops) {
      list.add(StoredOpCodec.toEntry(op));
    }
    return list;
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = AuthenticatedBody.body(ctx).toJsonObject();
      if (body == null) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "a JSON object body is required");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "body is not a JSON object");
    }
  }

  private static String stringField(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String s)) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field " + field + " must be a string");
    }
    return s;
  }

  private static long requiredLong(JsonObject body, String field, long min) {
    Long whole = WholeNumbers.asLong(body.getValue(field));
    if (whole == null) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field " + field + " must be an integer");
    }
    long value = whole;
    if (value < min) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "field " + field + " must be at least " + min);
    }
    return value;
  }

  private static long queryLong(RoutingContext ctx, String name, long fallback) {
    String raw = param(ctx, name);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "query parameter " + name + " must be a non-negative integer");
    }
  }

  private static void require(boolean allowed, String right, String doc) {
    if (!allowed) {
      throw new LockstepException(ErrorCode.FORBIDDEN, "token has no " + right + " right on " + doc);
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }

  /** A query parameter; a malformed percent-escape is the client's error, not ours. */
  private static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw new LockstepException(ErrorCode.BAD_REQUEST, "the query string is not properly percent-encoded");
    }
  }

  /** Which document, and whether the ops sub-resource is meant. */
  private record Request(String doc, boolean ops) {
    static Request of(RoutingContext ctx) {
      String path = ctx.request().path();
      if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "the path must name a document: /docs/{doc}");
      }
      String rest = path.substring(PREFIX.length());
      boolean ops = rest.endsWith("/ops");
      String encoded = ops ? rest.substring(0, rest.length() - "/ops".length()) : rest;
      String doc;
      try {
        doc = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new LockstepException(ErrorCode.BAD_REQUEST, "the document id is not properly percent-encoded");
      }
      return new Request(Ids.requireDoc(doc), ops);
    }
  }
}
