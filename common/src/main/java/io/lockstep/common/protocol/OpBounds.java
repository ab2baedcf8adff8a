package io.lockstep.common.protocol;

import java.util.List;
import java.util.Map;

/**
 * Size and shape bounds every front door (/sync, HTTP, the event bus) applies to an op or initial
 * document data before it reaches a sequencer, all refused with {@code too_large}. The depth bound
 * keeps every document readable: a json0 value lands at its component's path, so a document is
 * never nested deeper than the longest path plus the deepest value ever inserted, and parsers
 * (Jackson stops at 1,000 levels) and clients (recursive renderers) can always read it back.
 */
public final class OpBounds {
  /** Deepest nesting of a document: objects and lists inside each other, counting the root. */
  public static final int MAX_DEPTH = 64;

  private OpBounds() {}

  /**
   * Checks an op as sent (plain JSON): at most {@code maxComponents} components, and in each, its
   * path length plus the nesting of the values it carries at most {@link #MAX_DEPTH}.
   */
  public static void requireOp(Object op, int maxComponents) {
    if (!(op instanceof List<?> components)) {
      return; // not an op at all: the type's parser says why
    }
    if (components.size() > maxComponents) {
      throw new LockstepException(ErrorCode.TOO_LARGE,
          "op has " + components.size() + " components, over the limit of " + maxComponents);
    }
    for (int i = 0; i < components.size(); i++) {
      Object component = components.get(i);
      int pathLength = component instanceof Map<?, ?> map && map.get("p") instanceof List<?> path ? path.size() : 0;
      // The component object itself adds one level around its values (and its path list).
      int valueDepth = Math.max(0, depth(component, MAX_DEPTH + 2) - 1);
      if (pathLength + valueDepth > MAX_DEPTH) {
        throw new LockstepException(ErrorCode.TOO_LARGE, "component " + i + " nests " + (pathLength + valueDepth)
            + " levels deep (path and value), over the limit of " + MAX_DEPTH);
      }
    }
  }

  /** Checks a new document's initial data: nested at most {@link #MAX_DEPTH} levels. */
  public static void requireData(Object data) {
    int depth = depth(data, MAX_DEPTH + 1);
    if (depth > MAX_DEPTH) {
      throw new LockstepException(ErrorCode.TOO_LARGE,
          "initial data nests more than " + MAX_DEPTH + " levels deep, over the limit");
    }
  }

  /** Nesting of {@code value} (a scalar is 0, {@code []} is 1), counted no further than {@code cap}. */
  static int depth(Object value, int cap) {
    if (cap <= 0) {
      return 0;
    }
    int inner = 0;
    if (value instanceof Map<?, ?> map) {
      for (Object child : map.values()) {
        inner = Math.max(inner, depth(child, cap - 1));
      }
      return 1 + inner;
    }
    if (value instanceof List<?> list) {
      for (Object child : list) {
        inner = Math.max(inner, depth(child, cap - 1));
      }
      return 1 + inner;
    }
    return 0;
  }
}
