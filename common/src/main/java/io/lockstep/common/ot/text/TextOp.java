package io.lockstep.common.ot.text;

import io.lockstep.common.ot.InvalidOpException;
import java.util.Arrays;
import java.util.List;

/**
 * A text-unicode op: components applied in order from the start of the document; whatever lies
 * past the last component is kept. Two skips are never adjacent and the op never ends with a
 * skip (the reference rejects both), but adjacent inserts or adjacent deletes are allowed: such an
 * op is valid, just not normalized (see {@link TextUnicodeType#normalize}).
 *
 * @param components the steps, in document order; the empty list is the no-op
 */
public record TextOp(List<TextComponent> components) {

  /** The op that changes nothing. */
  public static final TextOp NOOP = new TextOp(List.of());

  /** @throws InvalidOpException naming the component at fault when the sequence breaks a rule above */
  public TextOp {
    if (components == null) {
      throw new InvalidOpException("op must be a list of components");
    }
    for (int i = 0; i < components.size(); i++) {
      TextComponent c = components.get(i);
      if (c == null) {
        throw new InvalidOpException("component must not be null", i, List.of());
      }
      if (c instanceof Skip && i > 0 && components.get(i - 1) instanceof Skip) {
        throw new InvalidOpException("adjacent skips must be combined", i, List.of());
      }
    }
    if (!components.isEmpty() && components.get(components.size() - 1) instanceof Skip) {
      throw new InvalidOpException("op must not end with a skip", components.size() - 1, List.of());
    }
    components = List.copyOf(components);
  }

  /** The op made of {@code components}, in order. */
  public static TextOp of(TextComponent... components) {
    return new TextOp(Arrays.asList(components));
  }

  /** Whether this op has no components, the only form of the no-op. */
  public boolean isEmpty() {
    return components.isEmpty();
  }
}
