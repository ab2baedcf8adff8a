package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.common.ot.OtType;
import io.lockstep.common.ot.registry.OtTypes;
import io.lockstep.common.util.PlainJson;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What must hold once every client of a document is quiescent (all its ops acked, every committed
 * op applied): every copy equals the server's snapshot, both ways of reading the server agree, the
 * op log is contiguous and replays to the snapshot, and every op a client sent is in the log
 * exactly once, at the version its ack named.
 */
final class ConvergenceChecks {
  private ConvergenceChecks() {}

  static void verify(ServerView server, String doc, List<OtClient> clients) {
    JsonObject bySub = server.snapshotBySub(doc);
    JsonObject byHttp = server.snapshotByHttp(doc);
    long finalV = bySub.getLong("v");
    String expected = Canonical.of(bySub.getValue("data"));
    assertThat(byHttp.getLong("v")).as("%s: version over HTTP vs sub", doc).isEqualTo(finalV);
    assertThat(Canonical.of(byHttp.getValue("data"))).as("%s: snapshot over HTTP vs sub", doc).isEqualTo(expected);
    for (OtClient client : clients) {
      assertThat(client.version()).as("%s: version of %s", doc, client.src()).isEqualTo(finalV);
      assertThat(Canonical.of(client.document())).as("%s: document of %s", doc, client.src()).isEqualTo(expected);
    }

    List<JsonObject> log = server.opLog(doc);
    assertThat(log.stream().map(op -> op.getLong("v")).toList()).as("%s: versions of the op log", doc)
        .isEqualTo(LongStream.rangeClosed(1, finalV).boxed().toList());
    assertThat(log.stream().map(Canonical::of).toList()).as("%s: op log over HTTP vs fetch", doc)
        .isEqualTo(server.opLogByHttp(doc).stream().map(Canonical::of).toList());
    assertThat(Canonical.of(replay(log))).as("%s: the op log replayed", doc).isEqualTo(expected);

    Map<String, Map<Long, Long>> logged = new HashMap<>();
    for (JsonObject op : log.subList(1, log.size())) {
      String src = op.getString("src");
      assertThat(src).as("%s: op at v%d has a src", doc, op.getLong("v")).isNotNull();
      Long twice = logged.computeIfAbsent(src, s -> new TreeMap<>()).put(op.getLong("seq"), op.getLong("v"));
      assertThat(twice).as("%s: %s/%d committed at v%d and again at v%d", doc, src, op.getLong("seq"), twice,
          op.getLong("v")).isNull();
    }
    Set<String> sources = clients.stream().map(OtClient::src).collect(Collectors.toSet());
    assertThat(sources).as("%s: every op in the log comes from a client of the test", doc).containsAll(logged.keySet());
    for (OtClient client : clients) {
      Map<Long, Long> committed = logged.getOrDefault(client.src(), Map.of());
      assertThat(committed.keySet()).as("%s: seqs of %s in the log vs the seqs it sent", doc, client.src())
          .isEqualTo(client.sentSeqs());
      assertThat(committed).as("%s: versions of %s's ops in the log vs its acks", doc, client.src())
          .isEqualTo(client.ackedVersions());
    }
  }

  /** The document the log builds: its creation, then every op in order. */
  @SuppressWarnings("unchecked")
  static Object replay(List<JsonObject> log) {
    JsonObject creation = log.get(0).getJsonObject("create");
    assertThat(creation).as("the op at v1 is the creation").isNotNull();
    OtType<Object, Object> type = (OtType<Object, Object>) OtTypes.byName(creation.getString("type")).orElseThrow();
    Object snapshot = type.create(PlainJson.unwrap(creation.getValue("data")));
    for (JsonObject op : log.subList(1, log.size())) {
      snapshot = type.apply(snapshot, type.parseOp(PlainJson.unwrap(op.getValue("op"))));
    }
    return type.writeSnapshot(snapshot);
  }
}
