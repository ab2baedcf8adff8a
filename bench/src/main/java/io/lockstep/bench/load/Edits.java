package io.lockstep.bench.load;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What an editor types, for one OT type: the document it starts from, small random edits valid for
 * a document of a given length, and how much an op (as the server committed it) changes that length.
 *
 * <p>Editors track only the length of the document at the latest version they have seen, not its
 * content: that is all it takes to make valid edits at random positions, and it keeps the load
 * generator's own CPU cost low on a machine it shares with the server.
 */
interface Edits {

  /** The document type's wire name. */
  String type();

  /** The data the document is created with. */
  Object initialData();

  /** The tracked length of a snapshot's data. */
  int lengthOf(Object data);

  /** A wire op of one small edit, valid for a document of {@code length}. */
  List<Object> next(SplittableRandom random, int length);

  /** How much applying {@code wireOp} changes the tracked length. */
  int delta(Object wireOp);

  static Edits of(String type) {
    return switch (type) {
      case "text-unicode" -> new TextEdits();
      case "json0" -> new Json0Edits();
      case "crdt" -> new CrdtCounterEdits();
      default -> throw new IllegalArgumentException("no edits for type " + type);
    };
  }
}
