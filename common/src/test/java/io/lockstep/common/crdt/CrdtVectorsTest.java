package io.lockstep.common.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRDT vectors the JavaScript replica is tested against (clients/js/test/unit/crdt-vectors.test.js):
 * random histories as this server commits them, each op with its base and author, and the state
 * and value every replica must reach. The file is committed; this test fails when the server's
 * commits or merge results differ from it. Regenerate it after an intended change with
 * {@code -Dlockstep.crdt.writeVectors=true}.
 */
class CrdtVectorsTest {
  private static final Path FILE = Path.of("../clients/js/test/fixtures/crdt-vectors.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void theCommittedVectorsAreWhatThisServerCommits() throws IOException {
    List<Object> vectors = new ArrayList<>();
    for (long seed = 1; seed <= 30; seed++) {
      vectors.add(vector(CrdtHistory.random(seed * 7919, 25, 1 + (int) (seed % 4))));
    }
    String fresh = JSON.writeValueAsString(vectors) + "\n";
    if (Boolean.getBoolean("lockstep.crdt.writeVectors")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, fresh);
    }
    assertThat(Files.readString(FILE).equals(fresh))
        .as("%s differs from what this server commits (regenerate it with -Dlockstep.crdt.writeVectors=true "
            + "if the change is intended)", FILE)
        .isTrue();
  }

  private static Map<String, Object> vector(CrdtHistory history) {
    List<Object> ops = new ArrayList<>();
    for (int i = 0; i < history.ops().size(); i++) {
      CommittedOp op = history.ops().get(i);
      Map<String, Object> frame = new LinkedHashMap<>();
      frame.put("v", op.v());
      frame.put("src", op.src());
      frame.put("seq", i + 1);
      frame.put("base", history.bases().get(i));
      frame.put("op", CrdtOpCodec.write(op.op()));
      ops.add(frame);
    }
    CrdtState state = history.inOrder();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("created", history.created());
    out.put("ops", ops);
    out.put("data", CrdtStateCodec.write(state));
    out.put("value", state.value());
    return out;
  }
}
