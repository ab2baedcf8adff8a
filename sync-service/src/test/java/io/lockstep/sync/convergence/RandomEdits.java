package io.lockstep.sync.convergence;

import java.util.Random;

/**
 * Random local edits for one OT type: each call returns an op (plain JSON, wire format) that
 * applies to the given document, drawn from {@code rnd} alone so a seed replays the same choices
 * against the same document.
 */
interface RandomEdits {

  /** An op that applies to {@code doc} (the client's current local document, as plain JSON). */
  Object next(Object doc, Random rnd);

  /** The document every client of a type starts from (as plain JSON). */
  Object initialData();

  static RandomEdits forType(String type) {
    return switch (type) {
      case "json0" -> new Json0Edits();
      case "text-unicode" -> new TextEdits();
      default -> throw new IllegalArgumentException("no random edits for type " + type);
    };
  }
}
