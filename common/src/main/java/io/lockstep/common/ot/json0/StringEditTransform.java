package io.lockstep.common.ot.json0;

import io.lockstep.common.ot.Side;
import io.lockstep.common.ot.json0.Json0Component.Subtype;
import java.util.List;

/**
 * Transform of a string edit against a concurrent edit of the same string, in either of json0's two
 * forms, through {@link Text0Transform}. The two forms are never transformed against each other (the
 * reference does not; see {@link Json0ComponentTransform}).
 */
final class StringEditTransform {
  private StringEditTransform() {}

  /**
   * An {@code si}/{@code sd} component after another: the result may be split into several
   * components (a delete around the other's insert), each appended in the {@code si}/{@code sd} form.
   */
  static void transform(List<Json0Component> dest, Json0Component c, Json0Component other, Side side) {
    Path string = c.path().parent();
    List<Text0Component> edits = Text0Transform.transform(
        List.of(Json0Appender.asText0(c)), List.of(Json0Appender.asText0(other)), side);
    edits.forEach(edit -> Json0Appender.append(dest, Json0Appender.fromText0(string, edit)));
  }

  /** A {@code t: "text0"} component after another; dropped when none of its edits survive. */
  static void transform(List<Json0Component> dest, Subtype c, Subtype other, Side side) {
    List<Text0Component> edits = Text0Transform.transform(c.edits(), other.edits(), side);
    if (!edits.isEmpty()) {
      Json0Appender.append(dest, c.withEdits(edits));
    }
  }
}
