package io.lockstep.common.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.engine.broker.Broker;
import io.lockstep.common.engine.broker.OpTopics;
import io.lockstep.common.engine.ops.CommitResult.Committed;
import io.lockstep.common.engine.ops.CommitResult.Duplicate;
import io.lockstep.common.engine.ops.CommitResult.VersionConflict;
import io.lockstep.common.testing.VertxContexts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour every {@link OpStore} must have (see its Javadoc), run once per implementation by a
 * subclass that only says how to build the store and its broker. Implementation-agnostic: every test
 * uses fresh document ids, nothing sleeps, and races are real (several event loops) but asserted only
 * through outcomes the contract fixes. Longer than our usual file on purpose: one class is the whole
 * contract, so an implementation proves itself by extending exactly one class.
 */
@ExtendWith(VertxExtension.class)
public abstract class OpStoreContract {
  private static final long TS = 1_700_000_000_000L;
  private static final int RETAIN = 1000;

  private Vertx vertx;
  private Broker broker;
  private OpStore store;
  private final List<Supplier<Future<Void>>> toDispose = new ArrayList<>();
  private String doc;

  /** A fresh broker on {@code vertx}. */
  protected abstract Broker newBroker(Vertx vertx);

  /** A fresh store publishing on {@code broker}, keeping what {@code retention} says per document. */
  protected abstract OpStore newStore(Vertx vertx, Broker broker, Retention retention);

  /** Releases what {@link #newStore} acquired (connections); nothing by default. */
  protected Future<Void> dispose(OpStore store) {
    return Future.succeededFuture();
  }

  /** Releases what {@link #newBroker} acquired (connections); nothing by default. */
  protected Future<Void> dispose(Broker broker) {
    return Future.succeededFuture();
  }

  @BeforeEach
  void createStore(Vertx vertx) {
    this.vertx = vertx;
    broker = newBroker(vertx);
    Broker built = broker;
    toDispose.add(() -> dispose(built));
    store = storeRetaining(RETAIN);
    doc = "contract/" + UUID.randomUUID();
  }

  @AfterEach
  void disposeAll() {
    for (int i = toDispose.size() - 1; i >= 0; i--) {
      await(toDispose.get(i).get());
    }
  }

  // ---- reading a document that does not exist ----

  @Test
  void missingDocumentHasVersionZeroNoTypeAndNoOps() {
    assertThat(await(store.snapshot(doc))).isEqualTo(Snapshot.missing(doc));
    assertThat(await(store.version(doc))).isZero();
    assertThat(await(store.opsSince(doc, 0))).isEmpty();
  }

  // ---- committing ----

  @Test
  void creationIsCommittedAsVersionOneWithItsSnapshot() {
    StoredOp creation = StoredOp.creation(doc, 1, "c1", 1, new Creation("json0", Map.of("title", "hi")), TS);

    CommitResult result = await(store.commit(creation, Optional.of(new Snapshot(doc, 1, "json0", Map.of("title", "hi")))));

    assertThat(result).isEqualTo(new Committed(1));
    assertThat(await(store.version(doc))).isEqualTo(1);
    assertThat(await(store.snapshot(doc))).isEqualTo(new Snapshot(doc, 1, "json0", Map.of("title", "hi")));
    assertThat(await(store.opsSince(doc, 0))).containsExactly(creation);
  }

  @Test
  void opsCommitInOrderAndEachAddsOneVersion() {
    List<StoredOp> committed = new ArrayList<>();
    committed.add(create(doc));
    for (int v = 2; v <= 6; v++) {
      StoredOp op = edit(doc, v, v % 2 == 0 ? "c1" : null, v % 2 == 0 ? v : 0);
      assertThat(await(store.commit(op))).isEqualTo(new Committed(v));
      committed.add(op);
    }

    assertThat(await(store.version(doc))).isEqualTo(6);
    assertThat(await(store.opsSince(doc, 0))).containsExactlyElementsOf(committed);
  }

  @Test
  void committedVersionOfASourcesOpIsKnownWhileTheStoreCanTell() {
    create(doc);
    assertThat(await(store.commit(edit(doc, 2, "a", 1)))).isEqualTo(new Committed(2));
    assertThat(await(store.commit(edit(doc, 3, "b", 1)))).isEqualTo(new Committed(3));
    assertThat(await(store.commit(edit(doc, 4, "a", 2)))).isEqualTo(new Committed(4));

    assertThat(await(store.committedVersion(doc, "a", 2))).contains(4L);
    assertThat(await(store.committedVersion(doc, "a", 1))).contains(2L);
    assertThat(await(store.committedVersion(doc, "b", 1))).contains(3L);
    assertThat(await(store.committedVersion(doc, "a", 3))).isEmpty();
    assertThat(await(store.committedVersion(doc, "nobody", 1))).isEmpty();
    assertThat(await(store.committedVersion("other/doc", "a", 1))).isEmpty();
  }

  @Test
  void staleOpGetsAVersionConflictWithTheCurrentVersion() {
    create(doc);
    commitEdits(doc, 2, 4);

    assertThat(await(store.commit(edit(doc, 3, "late", 1)))).isEqualTo(new VersionConflict(4));
    assertThat(await(store.version(doc))).isEqualTo(4);
    assertThat(await(store.opsSince(doc, 0))).hasSize(4);
  }

  @Test
  void opAheadOfTheDocumentGetsAVersionConflict() {
    assertThat(await(store.commit(edit(doc, 2, "c1", 1)))).isEqualTo(new VersionConflict(0));
    create(doc);

    assertThat(await(store.commit(edit(doc, 5, "c1", 1)))).isEqualTo(new VersionConflict(1));
    assertThat(await(store.commit(edit(doc, 2, "c1", 1)))).isEqualTo(new Committed(2));
  }

  @Test
  void creatingAnExistingDocumentConflicts() {
    create(doc);

    StoredOp again = StoredOp.creation(doc, 1, null, 0, new Creation("json0", Map.of()), TS);
    assertThat(await(store.commit(again, Optional.of(new Snapshot(doc, 1, "json0", Map.of()))))).isEqualTo(new VersionConflict(1));
    assertThat(await(store.snapshot(doc)).data()).isEqualTo(Map.of("n", "0"));
  }

  @Test
  void deletedDocumentKeepsCountingVersionsAndCanBeCreatedAgain() {
    create(doc);
    StoredOp deletion = StoredOp.deletion(doc, 2, "c1", 1, TS);
    StoredOp recreation = StoredOp.creation(doc, 3, "c1", 2, new Creation("text-unicode", "again"), TS);

    assertThat(await(store.commit(deletion, Optional.of(Snapshot.deleted(doc, 2))))).isEqualTo(new Committed(2));
    assertThat(await(store.snapshot(doc))).isEqualTo(Snapshot.deleted(doc, 2));
    assertThat(await(store.commit(recreation, Optional.of(new Snapshot(doc, 3, "text-unicode", "again"))))).isEqualTo(new Committed(3));

    assertThat(await(store.snapshot(doc))).isEqualTo(new Snapshot(doc, 3, "text-unicode", "again"));
    assertThat(await(store.opsSince(doc, 1))).containsExactly(deletion, recreation);
  }

  @Test
  void snapshotOfAnotherVersionOrDocumentIsRejected() {
    create(doc);

    Future<CommitResult> wrongVersion = store.commit(edit(doc, 2, null, 0), Optional.of(new Snapshot(doc, 3, "json0", Map.of())));
    Future<CommitResult> wrongDoc = store.commit(edit(doc, 2, null, 0), Optional.of(new Snapshot(doc + "x", 2, "json0", Map.of())));

    assertThatThrownBy(() -> await(wrongVersion)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> await(wrongDoc)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(await(store.version(doc))).isEqualTo(1);
  }

  // ---- de-duplication ----

  @Test
  void resubmittedOpIsReportedAsDuplicateWithItsOriginalVersion() {
    create(doc);
    StoredOp op = edit(doc, 2, "c1", 7);
    assertThat(await(store.commit(op))).isEqualTo(new Committed(2));
    commitEdits(doc, 3, 5);

    // A resubmission carries its original base version (now stale) or a rebased one; either way the
    // (src, seq) check comes first and nothing is written.
    assertThat(await(store.commit(op))).isEqualTo(new Duplicate(2));
    assertThat(await(store.commit(op.rebased(6, List.of("rebased"))))).isEqualTo(new Duplicate(2));
    assertThat(await(store.version(doc))).isEqualTo(5);
  }

  /**
   * Issue 13 item 3: bob, who saw alice's src in the document's ops, submits with it and her next
   * seq. Before owners, his op took her seq and her own op was then acked as a duplicate, never
   * applied. Now the src is bound to alice and bob's op is refused, writing nothing.
   */
  @Test
  void aSourceBelongsToItsFirstOwnerAndIsRefusedToAnother() {
    create(doc);
    assertThat(await(store.commit(edit(doc, 2, "alice-tab", 1).withOwner("alice")))).isEqualTo(new Committed(2));

    assertThat(await(store.commit(edit(doc, 3, "alice-tab", 2).withOwner("bob"))))
        .isEqualTo(new CommitResult.ForeignSource("alice-tab"));
    assertThat(await(store.commit(edit(doc, 3, "alice-tab", 1).withOwner("bob"))))
        .as("a forged resubmission learns no version").isEqualTo(new CommitResult.ForeignSource("alice-tab"));
    // In a batch the whole batch is refused, whichever op is foreign.
    assertThat(await(store.commitAll(List.of(edit(doc, 3, "bob-tab", 1).withOwner("bob"),
        edit(doc, 4, "alice-tab", 2).withOwner("bob")), Optional.empty()))).isEqualTo(new CommitResult.ForeignSource("alice-tab"));
    assertThat(await(store.version(doc))).isEqualTo(2);

    assertThat(await(store.commit(edit(doc, 3, "alice-tab", 2).withOwner("alice")))).isEqualTo(new Committed(3));
    // A trusted caller (no owner) may use any source and keeps its binding.
    assertThat(await(store.commit(edit(doc, 4, "alice-tab", 3)))).isEqualTo(new Committed(4));
    assertThat(await(store.commit(edit(doc, 5, "alice-tab", 4).withOwner("bob"))))
        .isEqualTo(new CommitResult.ForeignSource("alice-tab"));
    assertThat(await(store.commit(edit(doc, 5, "alice-tab", 4).withOwner("alice")))).isEqualTo(new Committed(5));
    assertThat(await(store.committedVersion(doc, "alice-tab", 4))).contains(5L);
    // Sources are bound per document: bob's own source on another document is his.
    assertThat(await(store.commit(edit(doc, 6, "bob-tab", 1).withOwner("bob")))).isEqualTo(new Committed(6));
  }

  /** Sequence numbers up to 2^53 - 1 are told apart exactly (Lua numbers are doubles). */
  @Test
  void theLargestSequenceNumbersAreComparedExactly() {
    create(doc);
    long max = (1L << 53) - 1;
    assertThat(await(store.commit(edit(doc, 2, "c1", max - 1)))).isEqualTo(new Committed(2));
    assertThat(await(store.commit(edit(doc, 3, "c1", max)))).isEqualTo(new Committed(3));
    assertThat(await(store.commit(edit(doc, 4, "c1", max)))).isEqualTo(new Duplicate(3));
    assertThat(await(store.commit(edit(doc, 4, "c1", max - 1)))).isEqualTo(new Duplicate(2));
  }

  @Test
  void resubmittedOlderSeqIsReportedWithItsOwnOriginalVersion() {
    create(doc);
    assertThat(await(store.commit(edit(doc, 2, "c1", 1)))).isEqualTo(new Committed(2));
    assertThat(await(store.commit(edit(doc, 3, "c2", 1)))).isEqualTo(new Committed(3));
    assertThat(await(store.commit(edit(doc, 4, "c1", 2)))).isEqualTo(new Committed(4));
    assertThat(await(store.commit(edit(doc, 5, "c1", 5)))).isEqualTo(new Committed(5));

    assertThat(await(store.commit(edit(doc, 6, "c1", 2)))).isEqualTo(new Duplicate(4));
    assertThat(await(store.commit(edit(doc, 6, "c1", 1)))).isEqualTo(new Duplicate(2));
    assertThat(await(store.version(doc))).isEqualTo(5);
  }

  @Test
  void olderSeqThatWasNeverCommittedCanNoLongerBeCommitted() {
    create(doc);
    commit(edit(doc, 2, "c1", 3));

    assertThat(await(store.commit(edit(doc, 3, "c1", 2)))).isEqualTo(Duplicate.forgotten());
    assertThat(await(store.version(doc))).isEqualTo(2);
  }

  @Test
  void olderSeqNoLongerRetainedIsReportedAsDuplicateOfAnUnknownVersion() {
    OpStore small = storeRetaining(3);
    create(small, doc);
    commit(small, edit(doc, 2, "c1", 1), Optional.empty());
    commit(small, edit(doc, 3, "c1", 2), Optional.empty());
    for (int v = 4; v <= 20; v++) {
      commit(small, edit(doc, v, null, 0), Optional.of(snapshotAt(doc, v)));
    }
    assertThat(await(small.opsSince(doc, 0)).get(0).v()).isGreaterThan(2);

    assertThat(await(small.commit(edit(doc, 21, "c1", 1)))).isEqualTo(Duplicate.forgotten());
    assertThat(await(small.commit(edit(doc, 21, "c1", 2)))).isEqualTo(new Duplicate(3));
  }

  @Test
  void deduplicationIsPerDocument() {
    String other = doc + "/other";
    create(doc);
    create(other);
    commit(edit(doc, 2, "c1", 1));

    assertThat(await(store.commit(edit(other, 2, "c1", 1)))).isEqualTo(new Committed(2));
  }

  @Test
  void deduplicationIsPerSource() {
    create(doc);
    commit(edit(doc, 2, "c1", 1));

    assertThat(await(store.commit(edit(doc, 3, "c2", 1)))).isEqualTo(new Committed(3));
  }

  @Test
  void opsWithoutSourceAreNeverDeduplicated() {
    create(doc);
    StoredOp op = edit(doc, 2, null, 0);
    commit(op);

    assertThat(await(store.commit(op.withVersion(3)))).isEqualTo(new Committed(3));
    assertThat(await(store.commit(op.withVersion(4)))).isEqualTo(new Committed(4));
  }

  // ---- committing a batch ----

  @Test
  void batchIsCommittedWholeWithItsSnapshotAndSourceRecords() {
    create(doc);
    List<StoredOp> batch = List.of(edit(doc, 2, "c1", 1), edit(doc, 3, "c2", 1), edit(doc, 4, "c1", 2));

    assertThat(await(store.commitAll(batch, Optional.of(snapshotAt(doc, 4))))).isEqualTo(new Committed(4));

    assertThat(await(store.version(doc))).isEqualTo(4);
    assertThat(await(store.opsSince(doc, 1))).isEqualTo(batch);
    assertThat(await(store.snapshot(doc))).isEqualTo(snapshotAt(doc, 4));
    assertThat(await(store.commit(edit(doc, 5, "c1", 2)))).isEqualTo(new Duplicate(4));
    assertThat(await(store.commit(edit(doc, 5, "c2", 1)))).isEqualTo(new Duplicate(3));
    assertThat(await(store.committedVersion(doc, "c1", 1))).contains(2L);
  }

  @Test
  void batchWithAnyDuplicateWritesNothingAndNamesTheFirstDuplicate() {
    create(doc);
    commit(edit(doc, 2, "c1", 1));
    commit(edit(doc, 3, "c2", 1));

    List<StoredOp> batch = List.of(edit(doc, 4, "c3", 1), edit(doc, 5, "c2", 1), edit(doc, 6, "c1", 1));
    assertThat(await(store.commitAll(batch, Optional.empty()))).isEqualTo(new Duplicate(3));

    assertThat(await(store.version(doc))).isEqualTo(3);
    assertThat(await(store.commit(edit(doc, 4, "c3", 1)))).isEqualTo(new Committed(4));
  }

  @Test
  void batchAtAStaleVersionWritesNothing() {
    create(doc);
    commit(edit(doc, 2, "c1", 1));

    assertThat(await(store.commitAll(List.of(edit(doc, 2, "c2", 1), edit(doc, 3, "c2", 2)), Optional.empty())))
        .isEqualTo(new VersionConflict(2));
    assertThat(await(store.commitAll(List.of(edit(doc, 4, "c2", 1)), Optional.empty()))).isEqualTo(new VersionConflict(2));

    assertThat(await(store.opsSince(doc, 1))).extracting(StoredOp::src).containsExactly("c1");
    assertThat(await(store.commitAll(List.of(edit(doc, 3, "c2", 1), edit(doc, 4, "c2", 2)), Optional.empty())))
        .isEqualTo(new Committed(4));
  }

  @Test
  void malformedBatchesAreRejected() {
    create(doc);
    List<List<StoredOp>> bad = List.of(
        List.of(),
        List.of(edit(doc, 2, "c1", 1), edit(doc, 4, "c1", 2)),
        List.of(edit(doc, 2, "c1", 1), edit(doc + "x", 3, "c1", 2)),
        List.of(edit(doc, 2, "c1", 2), edit(doc, 3, "c1", 1)),
        List.of(edit(doc, 2, "c1", 1), edit(doc, 3, "c1", 1)));
    for (List<StoredOp> batch : bad) {
      Future<CommitResult> result = store.commitAll(batch, Optional.empty());
      assertThatThrownBy(() -> await(result)).hasCauseInstanceOf(IllegalArgumentException.class);
    }
    Future<CommitResult> wrongSnapshot = store.commitAll(List.of(edit(doc, 2, null, 0), edit(doc, 3, null, 0)),
        Optional.of(snapshotAt(doc, 2)));
    assertThatThrownBy(() -> await(wrongSnapshot)).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(await(store.version(doc))).isEqualTo(1);
  }

  @Test
  void batchIsPublishedAsOneMessageOfItsFramesInVersionOrder(VertxTestContext test) {
    List<StoredOp> batch = List.of(edit(doc, 2, "c1", 1), edit(doc, 3, null, 0), edit(doc, 4, "c2", 1));
    List<List<Long>> messages = new ArrayList<>();
    await(broker.subscribe(OpTopics.forDoc(doc), payload -> test.verify(() -> {
      List<StoredOp> frames = StoredOpCodec.splitFrames(payload).stream().map(StoredOpCodec::decode).toList();
      messages.add(versions(frames));
      if (messages.size() == 2) {
        assertThat(messages).containsExactly(List.of(1L), List.of(2L, 3L, 4L));
        assertThat(frames).isEqualTo(batch);
        test.completeNow();
      }
    })));
    create(doc);

    assertThat(await(store.commitAll(batch, Optional.empty()))).isEqualTo(new Committed(4));
  }

  // ---- reading ops and snapshots ----

  @Test
  void opsRangeExcludesFromAndIncludesTo() {
    create(doc);
    commitEdits(doc, 2, 6);

    assertThat(versions(await(store.ops(doc, 2, 4)))).containsExactly(3L, 4L);
    assertThat(versions(await(store.ops(doc, 0, 1)))).containsExactly(1L);
    assertThat(versions(await(store.ops(doc, 5, Long.MAX_VALUE)))).containsExactly(6L);
    assertThat(versions(await(store.opsSince(doc, 3)))).containsExactly(4L, 5L, 6L);
  }

  @Test
  void opsRangeBeyondTheCurrentVersionOrEmptyReturnsNothingInvented() {
    create(doc);
    commitEdits(doc, 2, 3);

    assertThat(versions(await(store.ops(doc, 2, 100)))).containsExactly(3L);
    assertThat(await(store.ops(doc, 3, 100))).isEmpty();
    assertThat(await(store.ops(doc, 9, 100))).isEmpty();
    assertThat(await(store.ops(doc, 2, 2))).isEmpty();
    assertThat(await(store.ops(doc, 3, 1))).isEmpty();
  }

  @Test
  void negativeLowerBoundIsRejected() {
    assertThatThrownBy(() -> await(store.ops(doc, -1, 5))).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotIsTheLatestStoredOneAndTheOpsAfterItReachTheCurrentVersion() {
    create(doc);
    commitEdits(doc, 2, 3);
    commit(store, edit(doc, 4, null, 0), Optional.of(snapshotAt(doc, 4)));
    commitEdits(doc, 5, 7);

    Snapshot snapshot = await(store.snapshot(doc));
    assertThat(snapshot).isEqualTo(snapshotAt(doc, 4));
    assertThat(versions(await(store.opsSince(doc, snapshot.v())))).containsExactly(5L, 6L, 7L);
  }

  @Test
  void trimmedLogKeepsTheRecentOpsAndASnapshotToCatchUpFrom() {
    OpStore small = storeRetaining(5);
    create(small, doc);
    for (int v = 2; v <= 60; v++) {
      commit(small, edit(doc, v, null, 0), v % 4 == 0 ? Optional.of(snapshotAt(doc, v)) : Optional.empty());
    }

    List<StoredOp> retained = await(small.opsSince(doc, 0));
    long first = retained.get(0).v();
    assertThat(first).as("old ops are trimmed").isGreaterThan(1);
    assertThat(versions(retained)).as("at least the last 5 ops, without gaps").startsWith(first).endsWith(60L)
        .hasSize((int) (60 - first + 1)).hasSizeGreaterThanOrEqualTo(5);

    Snapshot snapshot = await(small.snapshot(doc));
    assertThat(snapshot.v()).as("the snapshot covers everything trimmed").isGreaterThanOrEqualTo(first - 1);
    List<StoredOp> catchUp = await(small.opsSince(doc, snapshot.v()));
    assertThat(versions(catchUp)).as("catch-up from the snapshot is complete")
        .hasSize((int) (60 - snapshot.v())).allMatch(v -> v > snapshot.v());

    // A reader asking for trimmed ops gets only the retained suffix, and sees the gap.
    assertThat(await(small.ops(doc, 1, 10))).allMatch(op -> op.v() >= first);
    assertThat(await(small.opsSince(doc, 1)).get(0).v()).isEqualTo(first);
  }

  @Test
  void logIsNeverTrimmedPastTheLatestSnapshot() {
    OpStore small = storeRetaining(5);
    create(small, doc);
    for (int v = 2; v <= 30; v++) {
      commit(small, edit(doc, v, null, 0), Optional.empty());
    }

    assertThat(await(small.snapshot(doc)).v()).isEqualTo(1);
    assertThat(versions(await(small.opsSince(doc, 1)))).hasSize(29).startsWith(2L).endsWith(30L);
  }

  @Test
  void historyIsTrimmedToTheByteBudgetOnceASnapshotCoversIt() {
    int budget = 4096;
    OpStore small = storeRetaining(new Retention(1000, budget, 1000));
    create(small, doc);
    String big = "x".repeat(500);
    for (int v = 2; v <= 60; v++) {
      commit(small, StoredOp.edit(doc, v, null, 0, List.of(big), TS), v % 5 == 0 ? Optional.of(snapshotAt(doc, v)) : Optional.empty());
    }

    List<StoredOp> retained = await(small.opsSince(doc, 0));
    long first = retained.get(0).v();
    long bytes = retained.stream().mapToLong(op -> StoredOpCodec.encode(op).length()).sum();
    assertThat(first).as("far fewer ops than the count bound are kept").isGreaterThan(40);
    assertThat(bytes).as("the frames kept fit the byte budget, plus what the snapshot does not cover")
        .isLessThanOrEqualTo(budget + 4L * StoredOpCodec.encode(retained.get(0)).length());
    Snapshot snapshot = await(small.snapshot(doc));
    assertThat(snapshot.v()).as("the snapshot covers everything trimmed").isGreaterThanOrEqualTo(first - 1);
    assertThat(versions(await(small.opsSince(doc, snapshot.v())))).hasSize((int) (60 - snapshot.v()));
  }

  @Test
  void byteBudgetNeverTrimsPastTheLatestSnapshot() {
    OpStore small = storeRetaining(new Retention(1000, 100, 1000));
    create(small, doc);
    for (int v = 2; v <= 20; v++) {
      commit(small, edit(doc, v, null, 0), Optional.empty());
    }
    assertThat(versions(await(small.opsSince(doc, 1)))).hasSize(19).startsWith(2L).endsWith(20L);
  }

  @Test
  void sourceRecordsPastTheBoundAreDroppedLeastRecentFirst() {
    OpStore small = storeRetaining(new Retention(2, 1024 * 1024, 3));
    create(small, doc);
    for (int i = 0; i < 40; i++) {
      commit(small, edit(doc, 2 + i, "s" + i, 1), Optional.of(snapshotAt(doc, 2 + i)));
    }
    // Sources s0..s36 have neither a record nor a retained op any more; the last three keep theirs.
    assertThat(await(small.committedVersion(doc, "s0", 1))).isEmpty();
    assertThat(await(small.committedVersion(doc, "s36", 1))).isEmpty();
    assertThat(await(small.committedVersion(doc, "s37", 1))).contains(39L);
    assertThat(await(small.commit(edit(doc, 42, "s37", 1)))).isEqualTo(new Duplicate(39));
    // s0 is new to the store again: what it sends is committed (the caller decides whether it may be).
    assertThat(await(small.commit(edit(doc, 42, "s0", 1)))).isEqualTo(new Committed(42));
  }

  @Test
  void opOfASourceWhoseRecordWasDroppedIsStillADuplicateWhileItIsRetained() {
    OpStore oneSource = storeRetaining(new Retention(1000, 1024 * 1024, 1));
    create(oneSource, doc);
    commit(oneSource, edit(doc, 2, "a", 1), Optional.empty());
    commit(oneSource, edit(doc, 3, "b", 1), Optional.empty());

    assertThat(await(oneSource.committedVersion(doc, "a", 1))).contains(2L);
    assertThat(await(oneSource.commit(edit(doc, 4, "a", 1)))).isEqualTo(new Duplicate(2));
    assertThat(await(oneSource.version(doc))).isEqualTo(3);
  }

  // ---- publishing ----

  @Test
  void commitPublishesTheOpFrameOnTheDocumentTopic(VertxTestContext test) {
    StoredOp op = edit(doc, 2, "c1", 1);
    List<Buffer> received = new ArrayList<>();
    // Subscribed before anything is published: in cluster mode a message published just before a
    // subscription may still reach it through the cluster bus.
    await(broker.subscribe(OpTopics.forDoc(doc), payload -> test.verify(() -> {
      received.add(payload);
      if (received.size() == 2) {
        assertThat(StoredOpCodec.decode(payload)).isEqualTo(op);
        assertThat(payload).isEqualTo(StoredOpCodec.encode(op));
        test.completeNow();
      }
    })));
    create(doc);

    commit(op);
  }

  @Test
  void rejectedCommitsPublishNothing(VertxTestContext test) {
    StoredOp duplicate = edit(doc, 2, "c1", 1);
    List<Long> received = new ArrayList<>();
    await(broker.subscribe(OpTopics.forDoc(doc), payload -> test.verify(() -> {
      // Per-topic order: a frame from a rejected commit would come between those that succeeded.
      received.add(StoredOpCodec.decode(payload).v());
      if (received.size() == 3) {
        assertThat(received).containsExactly(1L, 2L, 3L);
        test.completeNow();
      }
    })));
    create(doc);

    commit(duplicate);
    assertThat(await(store.commit(edit(doc, 2, "c2", 1)))).isInstanceOf(VersionConflict.class);
    assertThat(await(store.commit(duplicate.withVersion(3)))).isInstanceOf(Duplicate.class);
    assertThat(await(store.commit(edit(doc, 3, "c2", 1)))).isEqualTo(new Committed(3));
  }

  @Test
  void publishedFramesFollowCommitOrderUnderConcurrentCommits(VertxTestContext test) {
    int racers = 4;
    long last = 201;
    List<StoredOp> received = new ArrayList<>();
    Promise<Void> allReceived = Promise.promise();
    await(broker.subscribe(OpTopics.forDoc(doc), payload -> {
      StoredOp op = StoredOpCodec.decode(payload);
      received.add(op);
      if (op.v() == last) {
        allReceived.complete();
      }
    }));
    create(doc);

    VertxContexts.eventLoops(vertx, racers).compose(contexts -> {
      List<Future<Integer>> races = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        races.add(new Racer(contexts.get(i), "racer-" + i, last).run());
      }
      return Future.all(races).map(all -> all.<Integer>list());
    }).compose(wins -> allReceived.future().compose(v -> store.opsSince(doc, 0)).map(log -> {
      test.verify(() -> {
        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(versions(received)).as("frames arrive in version order without gaps")
            .containsExactlyElementsOf(versions(log));
        assertThat(received).as("each frame is the op committed at its version").containsExactlyElementsOf(log);
        assertThat(log).hasSize((int) last);
      });
      return log;
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void concurrentCommitsForOneVersionHaveExactlyOneWinner(VertxTestContext test) {
    create(doc);
    VertxContexts.eventLoops(vertx, 8).compose(contexts -> {
      List<Future<CommitResult>> attempts = new ArrayList<>();
      for (int i = 0; i < contexts.size(); i++) {
        StoredOp op = edit(doc, 2, "c" + i, 1);
        attempts.add(VertxContexts.on(contexts.get(i), () -> store.commit(op)));
      }
      return Future.all(attempts).map(all -> all.<CommitResult>list());
    }).compose(results -> store.opsSince(doc, 1).map(log -> {
      test.verify(() -> {
        assertThat(results).filteredOn(r -> r instanceof Committed).containsExactly(new Committed(2));
        assertThat(results).filteredOn(r -> !(r instanceof Committed)).hasSize(7).containsOnly(new VersionConflict(2));
        assertThat(log).hasSize(1);
      });
      return log;
    })).onComplete(test.succeedingThenComplete());
  }

  @Test
  void concurrentResubmissionsOfOneOpCommitItOnce(VertxTestContext test) {
    create(doc);
    StoredOp op = edit(doc, 2, "c1", 1);
    VertxContexts.eventLoops(vertx, 8).compose(contexts -> {
      List<Future<CommitResult>> attempts = new ArrayList<>();
      for (Context context : contexts) {
        attempts.add(VertxContexts.on(context, () -> store.commit(op)));
      }
      return Future.all(attempts).map(all -> all.<CommitResult>list());
    }).compose(results -> store.version(doc).map(version -> {
      test.verify(() -> {
        assertThat(results).filteredOn(r -> r instanceof Committed).containsExactly(new Committed(2));
        assertThat(results).filteredOn(r -> !(r instanceof Committed)).hasSize(7).containsOnly(new Duplicate(2));
        assertThat(version).isEqualTo(2);
      });
      return version;
    })).onComplete(test.succeedingThenComplete());
  }

  /**
   * Commits ops of one source from one context until the document reaches {@code last}: each attempt
   * targets the version after the last one it knows of, and a conflict teaches it the current one.
   * Each attempt starts from a fresh context task, so racers on other event loops interleave.
   */
  private final class Racer {
    private final Context context;
    private final String src;
    private final long last;
    private final Promise<Integer> done = Promise.promise();
    private long known = 1;
    private long seq = 1;
    private int wins;

    Racer(Context context, String src, long last) {
      this.context = context;
      this.src = src;
      this.last = last;
    }

    Future<Integer> run() {
      context.runOnContext(ignored -> attempt());
      return done.future();
    }

    private void attempt() {
      if (known >= last) {
        done.complete(wins);
        return;
      }
      StoredOp op = StoredOp.edit(doc, known + 1, src, seq, List.of(src + "#" + seq), TS);
      store.commit(op).onComplete(ar -> {
        if (ar.failed()) {
          done.fail(ar.cause());
          return;
        }
        if (ar.result() instanceof Committed committed) {
          known = committed.v();
          seq++;
          wins++;
        } else if (ar.result() instanceof VersionConflict conflict) {
          known = conflict.current();
        } else {
          done.fail(new AssertionError("unexpected " + ar.result()));
          return;
        }
        context.runOnContext(next -> attempt());
      });
    }
  }

  // ---- helpers ----

  private OpStore storeRetaining(int retainOps) {
    return storeRetaining(Retention.ofOps(retainOps));
  }

  protected final OpStore storeRetaining(Retention retention) {
    OpStore built = newStore(vertx, broker, retention);
    toDispose.add(() -> dispose(built));
    return built;
  }

  private StoredOp create(String id) {
    return create(store, id);
  }

  private StoredOp create(OpStore target, String id) {
    StoredOp creation = StoredOp.creation(id, 1, null, 0, new Creation("json0", Map.of("n", "0")), TS);
    commit(target, creation, Optional.of(new Snapshot(id, 1, "json0", Map.of("n", "0"))));
    return creation;
  }

  private void commit(StoredOp op) {
    commit(store, op, Optional.empty());
  }

  private static void commit(OpStore target, StoredOp op, Optional<Snapshot> after) {
    assertThat(await(target.commit(op, after))).isEqualTo(new Committed(op.v()));
  }

  private void commitEdits(String id, long fromV, long toV) {
    for (long v = fromV; v <= toV; v++) {
      commit(edit(id, v, null, 0));
    }
  }

  private static StoredOp edit(String id, long v, String src, long seq) {
    return StoredOp.edit(id, v, src, seq, List.of("op@" + v), TS);
  }

  private static Snapshot snapshotAt(String id, long v) {
    return new Snapshot(id, v, "json0", Map.of("n", String.valueOf(v)));
  }

  private static List<Long> versions(List<StoredOp> ops) {
    return ops.stream().map(StoredOp::v).toList();
  }

  /** Waits on the test thread (never an event loop); a failure is rethrown wrapped, with its cause. */
  private static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("future failed: " + e.getMessage(), e);
    }
  }
}
