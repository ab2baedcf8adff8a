package io.lockstep.common.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  @Test
  void missingDocumentIsVersionZeroWithoutType() {
    Snapshot missing = Snapshot.missing("notes/1");

    assertThat(missing).isEqualTo(new Snapshot("notes/1", 0, null, null));
    assertThat(missing.exists()).isFalse();
  }

  @Test
  void deletedDocumentKeepsItsVersionWithoutType() {
    Snapshot deleted = Snapshot.deleted("notes/1", 9);

    assertThat(deleted.v()).isEqualTo(9);
    assertThat(deleted.exists()).isFalse();
    assertThatThrownBy(() -> Snapshot.deleted("notes/1", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void existingDocumentHasATypeAndAVersionOfAtLeastOne() {
    assertThat(new Snapshot("d", 1, "json0", Map.of()).exists()).isTrue();
    assertThatThrownBy(() -> new Snapshot("d", 0, "json0", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataWithoutTypeIsRejected() {
    assertThatThrownBy(() -> new Snapshot("d", 3, null, "text")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Snapshot("d", -1, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Snapshot(null, 1, null, null)).isInstanceOf(NullPointerException.class);
  }
}
