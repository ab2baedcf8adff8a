package io.lockstep.sync.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.SyncTestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clients edit the same position at the same time, over and over, so every round is a tie
 * the server and both clients must break the same way (PROTOCOL.md: the server transforms a
 * submitted op as LEFT over the ops committed before it; a client transforms its own ops LEFT and
 * the remote op RIGHT). In each round both clients are at the same version and send one op each
 * against it; where the convention fixes the outcome (two inserts at one place, two {@code oi} of
 * one key) the round checks it: the op committed second wins the tie, so its insert comes first
 * and its value stays. Then both fire quick bursts at the same place without waiting, piling
 * pending ops on in-flight ones. Everything ends converged, each op in the log once.
 *
 * <p>One thread drives both clients, handling each one's frames in arrival order.
 */
class TieBreakConvergenceTest {
  private static final String TEXT = "tie/text";
  private static final String JSON = "tie/json";
  private static final int ROUNDS = 120;
  private static final int BURST = 60;

  private SyncTestServer server;
  private Fleet fleet;

  @BeforeEach
  void start() {
    server = SyncTestServer.start();
    fleet = new Fleet(server);
  }

  @AfterEach
  void stop() {
    fleet.close();
    server.close();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void concurrentEditsAtTheSamePlaceBreakTiesAlikeEverywhere() {
    long seed = Seeds.seed(4242L);
    System.out.println("TieBreakConvergenceTest seed=" + seed);
    try {
      Random rnd = new Random(seed);
      fleet.view().create(TEXT, "text-unicode", "ab😀cd");
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("s", "xy");
      json.put("list", List.of("p", "q"));
      json.put("m", Map.of());
      json.put("n", 0);
      fleet.view().create(JSON, "json0", json);
      List<OtClient> textClients = List.of(fleet.client("tie-a", TEXT), fleet.client("tie-b", TEXT));
      List<OtClient> jsonClients = List.of(fleet.client("tie-c", JSON), fleet.client("tie-d", JSON));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Driver text = new Driver(textClients, deadline);
      Driver jsonDriver = new Driver(jsonClients, deadline);
      text.open();
      jsonDriver.open();

      for (int round = 0; round < ROUNDS; round++) {
        textRound(text, rnd, round);
        jsonRound(jsonDriver, rnd, round);
      }
      System.out.printf("TieBreakConvergenceTest: committed second: text %d/%d, json0 %d/%d (first client/second client)%n",
          text.secondA, text.secondB, jsonDriver.secondA, jsonDriver.secondB);
      assertThat(List.of(text.secondA, text.secondB, jsonDriver.secondA, jsonDriver.secondB))
          .as("each client lost some ties and won others").allMatch(n -> n > 0);
      burst(text, rnd, (doc, r) -> TextEdits.insert(0, TextEdits.word(r)));
      burst(jsonDriver, rnd, (doc, r) -> List.of(component(List.of("list", 0), "li", Json0Edits.word(r))));

      ConvergenceChecks.verify(fleet.view(), TEXT, textClients);
      ConvergenceChecks.verify(fleet.view(), JSON, jsonClients);
    } catch (Throwable t) {
      throw Seeds.withSeed(seed, t);
    }
  }

  /** One tie on the text: both insert at one place, or their deletes overlap, or one deletes around the other's insert. */
  private static void textRound(Driver d, Random rnd, int round) {
    OtClient a = d.clients.get(0);
    OtClient b = d.clients.get(1);
    String text = (String) a.document();
    int length = text.codePointCount(0, text.length());
    int kind = length < 4 ? 0 : length > 40 ? 1 : rnd.nextInt(3);
    int at = rnd.nextInt(length + 1);
    if (kind == 0) {
      String fromA = "A" + TextEdits.word(rnd);
      String fromB = "B" + TextEdits.word(rnd);
      d.both(TextEdits.insert(at, fromA), TextEdits.insert(at, fromB));
      String before = TextEdits.codePoints(text, 0, at);
      String after = text.substring(before.length());
      String expected = d.secondWasA() ? before + fromA + fromB + after : before + fromB + fromA + after;
      assertThat(a.document()).as("round %d: the insert committed second comes first", round).isEqualTo(expected);
      return;
    }
    if (kind == 1) {
      int start = Math.min(at, length - 2);
      int n = 1 + rnd.nextInt(Math.min(3, length - start));
      int shift = rnd.nextInt(n);
      int m = 1 + rnd.nextInt(Math.min(3, length - start - shift));
      d.both(delete(text, start, n, rnd.nextBoolean()), delete(text, start + shift, m, rnd.nextBoolean()));
      return;
    }
    int start = Math.min(at, length - 2);
    int n = 2 + rnd.nextInt(Math.min(2, length - start - 1));
    int inside = start + rnd.nextInt(n + 1);
    List<Object> insert = TextEdits.insert(inside, TextEdits.word(rnd));
    List<Object> delete = delete(text, start, n, rnd.nextBoolean());
    if (rnd.nextBoolean()) {
      d.both(insert, delete);
    } else {
      d.both(delete, insert);
    }
  }

  /** One tie on the json0 document: same list index, same string offset, same key, same element. */
  @SuppressWarnings("unchecked")
  private static void jsonRound(Driver d, Random rnd, int round) {
    OtClient c = d.clients.get(0);
    Map<String, Object> doc = (Map<String, Object>) c.document();
    List<Object> list = (List<Object>) doc.get("list");
    String s = (String) doc.get("s");
    int kind = rnd.nextInt(6);
    if (kind == 0 || list.size() < 2 && kind >= 3) {
      if (list.size() > 12) {
        Object gone = list.get(0);
        d.both(List.of(component(List.of("list", 0), "ld", gone)), List.of(component(List.of("list", 0), "ld", gone)));
        assertThat(((Map<String, Object>) c.document()).get("list")).as("round %d: one element deleted twice is gone once", round)
            .isEqualTo(list.subList(1, list.size()));
        return;
      }
      int at = rnd.nextInt(list.size() + 1);
      String fromC = "C" + Json0Edits.word(rnd);
      String fromD = "D" + Json0Edits.word(rnd);
      d.both(List.of(component(List.of("list", at), "li", fromC)), List.of(component(List.of("list", at), "li", fromD)));
      List<Object> expected = new ArrayList<>(list);
      expected.add(at, d.secondWasA() ? fromD : fromC);
      expected.add(at, d.secondWasA() ? fromC : fromD);
      assertThat(((Map<String, Object>) c.document()).get("list")).as("round %d: the li committed second comes first", round)
          .isEqualTo(expected);
      return;
    }
    if (kind == 1) {
      if (s.length() > 30) {
        d.both(List.of(component(List.of("s", 0), "sd", s.substring(0, 3))), List.of(component(List.of("s", 1), "sd", s.substring(1, 5))));
        return;
      }
      int at = rnd.nextInt(s.length() + 1);
      String fromC = "C" + Json0Edits.word(rnd);
      String fromD = "D" + Json0Edits.word(rnd);
      d.both(List.of(component(List.of("s", at), "si", fromC)), List.of(component(List.of("s", at), "si", fromD)));
      String expected = s.substring(0, at) + (d.secondWasA() ? fromC + fromD : fromD + fromC) + s.substring(at);
      assertThat(((Map<String, Object>) c.document()).get("s")).as("round %d: the si committed second comes first", round)
          .isEqualTo(expected);
      return;
    }
    if (kind == 2) {
      Map<String, Object> m = (Map<String, Object>) doc.get("m");
      String key = "k" + rnd.nextInt(2);
      Map<String, Object> fromC = component(List.of("m", key), "oi", "C" + round);
      Map<String, Object> fromD = component(List.of("m", key), "oi", "D" + round);
      if (m.containsKey(key)) {
        fromC.put("od", m.get(key));
        fromD.put("od", m.get(key));
      }
      d.both(List.of(fromC), List.of(fromD));
      Object winner = d.secondWasA() ? "C" + round : "D" + round;
      assertThat(((Map<String, Object>) ((Map<String, Object>) c.document()).get("m")).get(key))
          .as("round %d: the oi committed second wins", round).isEqualTo(winner);
      return;
    }
    int at = rnd.nextInt(list.size());
    int to = (at + 1 + rnd.nextInt(list.size() - 1)) % list.size();
    Map<String, Object> move = component(List.of("list", at), "lm", to);
    if (kind == 3) {
      int otherTo = rnd.nextInt(list.size());
      d.both(List.of(move), List.of(otherTo == at ? component(List.of("list", at), "ld", list.get(at))
          : component(List.of("list", at), "lm", otherTo)));
    } else if (kind == 4) {
      d.both(List.of(move), List.of(component(List.of("list", at), "li", "D" + round)));
    } else {
      d.both(List.of(component(List.of("n"), "na", 2)), List.of(component(List.of("n"), "na", -5), move));
    }
  }

  private interface Edit {
    Object next(Object doc, Random rnd);
  }

  /** Both clients edit the same place as fast as they can, handling frames in between but never waiting. */
  private static void burst(Driver d, Random rnd, Edit edit) {
    for (int i = 0; i < BURST; i++) {
      for (OtClient client : d.clients) {
        client.edit(edit.next(client.document(), rnd));
        while (client.pump(0)) {
          // frames that are already there
        }
      }
    }
    d.settle();
  }

  private static List<Object> delete(String text, int at, int n, boolean byText) {
    List<Object> op = new ArrayList<>();
    if (at > 0) {
      op.add(at);
    }
    op.add(Map.of("d", byText ? TextEdits.codePoints(text, at, n) : n));
    return op;
  }

  private static Map<String, Object> component(List<Object> path, String instruction, Object value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("p", path);
    c.put(instruction, value);
    return c;
  }

  /** Drives two clients of one document from the test thread. */
  private static final class Driver {
    final List<OtClient> clients;
    private final long deadline;
    private long seqA;
    private long seqB;
    private int rounds;
    int secondA;
    int secondB;

    Driver(List<OtClient> clients, long deadline) {
      this.clients = clients;
      this.deadline = deadline;
    }

    void open() {
      clients.forEach(OtClient::open);
      settle();
    }

    /** Both clients send an op made against the same version; returns once both have everything. */
    void both(Object opA, Object opB) {
      OtClient a = clients.get(0);
      OtClient b = clients.get(1);
      long base = a.version();
      assertThat(b.version()).isEqualTo(base);
      // Alternate who sends first, so that each client's op is committed second in some rounds.
      if (rounds++ % 2 == 0) {
        a.edit(opA);
        b.edit(opB);
      } else {
        b.edit(opB);
        a.edit(opA);
      }
      seqA = a.inflightSeq();
      seqB = b.inflightSeq();
      pumpUntil(() -> a.idle() && b.idle() && a.version() == base + 2 && b.version() == base + 2, "both ops of the round");
      assertThat(Canonical.of(b.document())).as("the two copies after a round").isEqualTo(Canonical.of(a.document()));
      if (secondWasA()) {
        secondA++;
      } else {
        secondB++;
      }
    }

    /** Whether client A's op of the last round was committed second. */
    boolean secondWasA() {
      return clients.get(0).ackedVersion(seqA) > clients.get(1).ackedVersion(seqB);
    }

    void settle() {
      pumpUntil(() -> clients.stream().allMatch(OtClient::idle)
          && clients.stream().mapToLong(OtClient::version).distinct().count() == 1, "both clients idle at one version");
    }

    private void pumpUntil(BooleanSupplier done, String what) {
      while (!done.getAsBoolean()) {
        boolean any = false;
        for (OtClient client : clients) {
          any |= client.pump(0);
        }
        if (!any) {
          clients.get(0).pump(1);
        }
        if (System.nanoTime() > deadline) {
          throw clients.get(0).stuck("timed out waiting for " + what + " (other client: " + clients.get(1).stats() + ")");
        }
      }
    }
  }
}
