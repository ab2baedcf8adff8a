package io.lockstep.common.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge rules of PROTOCOL.md §6 on small, named scenarios, and how the server commits ops. */
class CrdtExamplesTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final CrdtLimits LIMITS = CrdtLimits.DEFAULTS;

  /** A server-side document: commits submitted ops in turn. */
  private static final class Doc {
    CrdtState state = CrdtType.create(Map.of(), 1);

    CrdtOp commit(String src, long base, Object json) {
      CrdtOp op = CrdtCommit.commit(state, CrdtOpCodec.parseSubmitted(json, LIMITS), base, src, NOW, LIMITS);
      state = state.apply(new CommittedOp(state.version() + 1, src, op));
      return op;
    }
  }

  private static Map<String, Object> c(String field, String instruction, Object operand) {
    return Map.of("p", List.of(field), instruction, operand);
  }

  @Test
  void countersSumEveryIncrementWhateverTheBase() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("likes", "inc", 3)));
    doc.commit("b", 1, List.of(c("likes", "inc", -1), c("likes", "inc", 5)));
    assertThat(doc.state.value()).isEqualTo(Map.of("likes", 7L));
  }

  @Test
  void aConcurrentAddSurvivesARemoveThatHadNotSeenIt() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "red")));            // v2
    doc.commit("b", 1, List.of(c("tags", "add", "red")));            // v3, concurrent with v2
    CrdtOp remove = doc.commit("c", 2, List.of(c("tags", "remove", "red"))); // saw v2 only
    assertThat(CrdtOpCodec.write(remove)).isEqualTo(List.of(Map.of("p", List.of("tags"), "remove", "red", "rm", List.of(2L))));
    assertThat(doc.state.value()).isEqualTo(Map.of("tags", List.of("red")));
  }

  @Test
  void aRemoveTakesItsAuthorsOwnEarlierAddsEvenPastItsBase() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "red")));             // v2, a's own
    CrdtOp remove = doc.commit("a", 1, List.of(c("tags", "remove", "red")));
    assertThat(((CrdtComponent.Remove) remove.components().get(0)).rm()).containsExactly(2L);
    assertThat(doc.state.value()).isEqualTo(Map.of("tags", List.of()));
  }

  @Test
  void anAuthorsNewAddReplacesItsEarlierAddsOfTheElement() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "red")));
    doc.commit("b", 1, List.of(c("tags", "add", "red")));
    CrdtOp again = doc.commit("a", 3, List.of(c("tags", "add", "red")));
    assertThat(((CrdtComponent.Add) again.components().get(0)).rm()).containsExactly(2L);
    FieldState.ElementSet tags = (FieldState.ElementSet) doc.state.field("tags");
    assertThat(tags.elements().get("\"red\"").adds()).extracting(FieldState.AddTag::v).containsExactly(3L, 4L);
  }

  @Test
  void theComponentsOfOneOpApplyInOrderAsConsecutiveOpsOfItsAuthor() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "x"), c("tags", "add", "y")));                 // v2
    CrdtOp op = doc.commit("b", 2, List.of(
        c("tags", "add", "z"), c("tags", "remove", "z"),   // removed: the remove takes the op's own add (v3)
        c("tags", "remove", "x"), c("tags", "add", "x"),   // present, with b's add only
        c("tags", "add", "y"), c("tags", "add", "y"),      // the second add replaces the first
        Map.of("p", List.of("title"), "set", "first", "t", NOW - 1),
        Map.of("p", List.of("title"), "set", "second", "t", NOW - 2))); // the op's last set holds
    assertThat(op.components()).extracting(cc -> cc instanceof CrdtComponent.Add a ? a.rm()
        : cc instanceof CrdtComponent.Remove r ? r.rm() : null)
        .containsExactly(List.of(), List.of(3L), List.of(2L), List.of(), List.of(), List.of(3L), null, null);
    assertThat(doc.state.value()).isEqualTo(Map.of("tags", List.of("x", "y"), "title", "second"));
    FieldState.ElementSet tags = (FieldState.ElementSet) doc.state.field("tags");
    assertThat(tags.elements().get("\"y\"").adds()).extracting(FieldState.AddTag::v).containsExactly(2L, 3L);
  }

  @Test
  void setsAreViewedSortedByElementJsonTextAndEqualElementsAreOne() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "b"), c("tags", "add", 10), c("tags", "add", Map.of("y", 1, "x", 2))));
    doc.commit("b", 1, List.of(c("tags", "add", "a"), c("tags", "add", 10.0), c("tags", "add", Map.of("x", 2, "y", 1))));
    assertThat(doc.state.value().get("tags")).isEqualTo(List.of("a", "b", 10L, Map.of("x", 2L, "y", 1L)));
    doc.commit("a", 1, List.of(c("tags", "add", 0.1), c("tags", "add", 1e21), c("tags", "add", new java.math.BigInteger("12345678901234567890"))));
    doc.commit("b", 1, List.of(c("tags", "add", 1.2345678901234567e19)));
    assertThat(doc.state.value().get("tags")).isEqualTo(List.of("a", "b", 0.1, 10L, 1.2345678901234567e19, 1e21,
        Map.of("x", 2L, "y", 1L)));
  }

  @Test
  void theGreatestTimeWinsThenTheGreatestSrc() {
    Doc doc = new Doc();
    doc.commit("b", 1, List.of(Map.of("p", List.of("title"), "set", "late", "t", NOW - 10)));
    doc.commit("a", 1, List.of(Map.of("p", List.of("title"), "set", "early", "t", NOW - 20)));
    assertThat(doc.state.value().get("title")).isEqualTo("late");
    doc.commit("a", 1, List.of(Map.of("p", List.of("title"), "set", "tie, lower src", "t", NOW - 10)));
    assertThat(doc.state.value().get("title")).isEqualTo("late");
    doc.commit("c", 1, List.of(Map.of("p", List.of("title"), "set", "tie, higher src", "t", NOW - 10)));
    assertThat(doc.state.value().get("title")).isEqualTo("tie, higher src");
  }

  @Test
  void aClockFarAheadIsLoweredAndAMissingTimeIsTheServers() {
    Doc doc = new Doc();
    CrdtOp ahead = doc.commit("a", 1, List.of(Map.of("p", List.of("title"), "set", "x", "t", NOW + 3_600_000)));
    assertThat(((CrdtComponent.Assign) ahead.components().get(0)).t()).isEqualTo(NOW + LIMITS.clockAheadMs());
    CrdtOp none = doc.commit("a", 1, List.of(Map.of("p", List.of("other"), "set", "y")));
    assertThat(((CrdtComponent.Assign) none.components().get(0)).t()).isEqualTo(NOW);
  }

  @Test
  void aComponentOnAFieldOfAnotherKindIsAnInvalidOp() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("likes", "inc", 1)));
    assertCode(() -> doc.commit("a", 2, List.of(c("likes", "add", "x"))), ErrorCode.INVALID_OP);
    assertCode(() -> doc.commit("a", 2, List.of(c("new", "inc", 1), c("new", "set", 1))), ErrorCode.INVALID_OP);
    assertThat(doc.state.version()).isEqualTo(2);
  }

  @Test
  void limitsAreTooLarge() {
    CrdtLimits small = new CrdtLimits(2, 2, 10, 4, 0);
    CrdtState empty = CrdtState.empty(1);
    assertCode(() -> commit(empty, small, c("a", "inc", 1), c("b", "inc", 1), c("c", "inc", 1)), ErrorCode.TOO_LARGE);
    assertCode(() -> commit(empty, small, c("s", "add", 1), c("s", "add", 2), c("s", "add", 3)), ErrorCode.TOO_LARGE);
    assertCode(() -> commit(empty, small, c("s", "add", "0123456789")), ErrorCode.TOO_LARGE);
    assertCode(() -> commit(empty, small, c("r", "set", List.of("0123456789"))), ErrorCode.TOO_LARGE);
    assertCode(() -> commit(empty, small, c("fives", "inc", 1)), ErrorCode.TOO_LARGE);
    CrdtState big = CrdtState.of(1, Map.of("n", new FieldState.Counter(CanonicalJson.MAX_SAFE_INTEGER)));
    assertCode(() -> commit(big, LIMITS, c("n", "inc", 1)), ErrorCode.TOO_LARGE);
    assertThat(commit(empty, small, c("s", "add", 1), c("s", "add", 2), c("s", "remove", 3)).components()).hasSize(3);
  }

  @Test
  void aCrdtDocumentIsCreatedEmpty() {
    assertThat(CrdtType.create(Map.of(), 1).value()).isEmpty();
    assertCode(() -> CrdtType.create(Map.of("likes", 1), 1), ErrorCode.BAD_REQUEST);
    assertCode(() -> CrdtType.create(List.of(), 1), ErrorCode.BAD_REQUEST);
  }

  @Test
  void aSubmittedRmIsIgnored() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("tags", "add", "red")));
    CrdtOp forged = doc.commit("b", 1, List.of(Map.of("p", List.of("tags"), "remove", "red", "rm", List.of(2))));
    assertThat(((CrdtComponent.Remove) forged.components().get(0)).rm()).isEmpty();
    assertThat(doc.state.value()).isEqualTo(Map.of("tags", List.of("red")));
  }

  @Test
  void theStateEncodingIsTheDocumentedOne() {
    Doc doc = new Doc();
    doc.commit("a", 1, List.of(c("likes", "inc", 2), c("tags", "add", "red"),
        Map.of("p", List.of("title"), "set", "Room", "t", NOW)));
    assertThat(CrdtStateCodec.write(doc.state)).isEqualTo(Map.of(
        "likes", Map.of("k", "counter", "n", 2L),
        "tags", Map.of("k", "set", "e", List.of(Map.of("val", "red", "adds", List.of(List.of(2L, "a"))))),
        "title", Map.of("k", "register", "val", "Room", "t", NOW, "src", "a", "v", 2L)));
  }

  private static CrdtOp commit(CrdtState state, CrdtLimits limits, Object... components) {
    return CrdtCommit.commit(state, CrdtOpCodec.parseSubmitted(List.of(components), limits), 1, "a", NOW, limits);
  }

  static void assertCode(Runnable action, ErrorCode code) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(LockstepException.class,
        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }
}
