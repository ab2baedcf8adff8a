package io.lockstep.common.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredOpTest {

  @Test
  void anEntryIsExactlyOneOfEditCreationOrDeletion() {
    assertThatThrownBy(() -> new StoredOp("d", 1, null, 0, null, null, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new StoredOp("d", 1, null, 0, List.of(1), new Creation("json0", null), false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredOp("d", 1, null, 0, List.of(1), null, true, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredOp("d", 1, null, 0, null, new Creation("json0", null), true, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionsStartAtOne() {
    assertThatThrownBy(() -> StoredOp.edit("d", 0, null, 0, List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(StoredOp.edit("d", 1, null, 0, List.of(), 0).v()).isEqualTo(1);
  }

  @Test
  void seqIsPositiveWithASourceAndZeroWithout() {
    assertThatThrownBy(() -> StoredOp.edit("d", 2, "c1", 0, List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredOp.edit("d", 2, null, 3, List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(StoredOp.edit("d", 2, "c1", 3, List.of(), 0).seq()).isEqualTo(3);
  }

  @Test
  void factoriesBuildEachKind() {
    StoredOp edit = StoredOp.edit("d", 2, "c1", 1, List.of(5, "x"), 10);
    StoredOp creation = StoredOp.creation("d", 1, null, 0, new Creation("text-unicode", "hi"), 10);
    StoredOp deletion = StoredOp.deletion("d", 3, "c1", 2, 10);

    assertThat(edit.isEdit()).isTrue();
    assertThat(creation.isCreation()).isTrue();
    assertThat(deletion.del()).isTrue();
    assertThat(deletion.isEdit() || deletion.isCreation()).isFalse();
  }

  @Test
  void rebasingChangesOnlyTheVersionAndTheOp() {
    StoredOp edit = StoredOp.edit("d", 2, "c1", 4, List.of(1, "a"), 10);

    assertThat(edit.rebased(5, List.of(3, "a"))).isEqualTo(StoredOp.edit("d", 5, "c1", 4, List.of(3, "a"), 10));
    assertThat(edit.withVersion(7)).isEqualTo(StoredOp.edit("d", 7, "c1", 4, List.of(1, "a"), 10));
    assertThatThrownBy(() -> StoredOp.deletion("d", 2, null, 0, 0).rebased(3, List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void commitResultsRejectImpossibleVersions() {
    assertThatThrownBy(() -> new CommitResult.Committed(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitResult.VersionConflict(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitResult.Duplicate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitResult.Duplicate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(CommitResult.Duplicate.forgotten().originalV()).isEmpty();
    assertThat(new CommitResult.Duplicate(4).originalV()).hasValue(4);
  }
}
