package io.lockstep.sync.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.common.crdt.CrdtType;
import io.lockstep.common.engine.ops.Creation;
import io.lockstep.common.engine.ops.Snapshot;
import io.lockstep.common.engine.ops.StoredOp;
import io.lockstep.common.protocol.LockstepException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotRebuildTest {
  private static final String DOC = "h/1";
  private static final List<StoredOp> LOG = List.of(
      StoredOp.creation(DOC, 1, null, 0, new Creation("text-unicode", "ab"), 10),
      StoredOp.edit(DOC, 2, null, 0, List.of(2, "c"), 20),
      StoredOp.deletion(DOC, 3, null, 0, 30),
      StoredOp.creation(DOC, 4, null, 0, new Creation("json0", Map.of("n", 1)), 40),
      StoredOp.edit(DOC, 5, null, 0, List.of(Map.of("p", List.of("n"), "na", 2)), 50));

  @Test
  void replaysFromTheStartToEveryVersion() {
    assertThat(SnapshotRebuild.at(Snapshot.missing(DOC), LOG, 0)).isEqualTo(Snapshot.missing(DOC));
    assertThat(SnapshotRebuild.at(Snapshot.missing(DOC), LOG, 2)).isEqualTo(new Snapshot(DOC, 2, "text-unicode", "abc"));
    assertThat(SnapshotRebuild.at(Snapshot.missing(DOC), LOG, 3)).isEqualTo(Snapshot.deleted(DOC, 3));
    assertThat(SnapshotRebuild.at(Snapshot.missing(DOC), LOG, 5).data()).isEqualTo(Map.of("n", 3));
  }

  @Test
  void replaysFromALaterSnapshot() {
    Snapshot stored = new Snapshot(DOC, 4, "json0", Map.of("n", 1));
    assertThat(SnapshotRebuild.at(stored, LOG.subList(4, 5), 5).data()).isEqualTo(Map.of("n", 3));
  }

  @Test
  void aTrimmedLogRestartsAtItsLastCreationOrDeletion() {
    List<StoredOp> suffix = LOG.subList(1, 5);
    assertThat(SnapshotRebuild.restartIndex(suffix, 2)).isEqualTo(-1);
    assertThat(SnapshotRebuild.restartIndex(suffix, 3)).isEqualTo(1);
    assertThat(SnapshotRebuild.restartIndex(suffix, 5)).isEqualTo(2);
  }

  @Test
  void aGapInTheOpsIsRefusedNotPapered() {
    assertThatThrownBy(() -> SnapshotRebuild.at(Snapshot.missing(DOC), LOG.subList(1, 5), 3))
        .isInstanceOf(LockstepException.class);
    assertThatThrownBy(() -> SnapshotRebuild.at(Snapshot.missing(DOC), LOG.subList(0, 2), 4))
        .isInstanceOf(LockstepException.class);
  }

  @Test
  void replaysACrdtDocumentToEveryVersionAndFromAStoredSnapshot() {
    List<StoredOp> log = List.of(
        StoredOp.creation(DOC, 1, null, 0, new Creation(CrdtType.NAME, Map.of()), 10),
        StoredOp.edit(DOC, 2, "a", 1, List.of(Map.of("p", List.of("likes"), "inc", 3)), 20),
        StoredOp.edit(DOC, 3, "b", 1, List.of(Map.of("p", List.of("likes"), "inc", 2),
            Map.of("p", List.of("title"), "set", "hi", "t", 30)), 30));
    Snapshot atTwo = SnapshotRebuild.at(Snapshot.missing(DOC), log, 2);
    assertThat(atTwo.type()).isEqualTo(CrdtType.NAME);
    assertThat(CrdtType.value(atTwo.data(), 2)).isEqualTo(Map.of("likes", 3L));
    Snapshot atThree = SnapshotRebuild.at(Snapshot.missing(DOC), log, 3);
    assertThat(CrdtType.value(atThree.data(), 3)).isEqualTo(Map.of("likes", 5L, "title", "hi"));
    assertThat(SnapshotRebuild.at(atTwo, log.subList(2, 3), 3)).isEqualTo(atThree);
  }
}
