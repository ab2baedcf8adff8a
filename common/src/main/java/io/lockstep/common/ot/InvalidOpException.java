package io.lockstep.common.ot;

import java.util.List;

/**
 * An op that is malformed, or that does not apply to the document it was given. Thrown by
 * parsing and by {@code apply}; never leaves a snapshot half-changed, because types never mutate
 * their inputs. Stackless: it reports bad input, not a bug, and is thrown on a hot path.
 */
public final class InvalidOpException extends RuntimeException {
  private final int component;
  private final List<Object> path;

  /**
   * @param message what is wrong, for a human
   * @param component index of the offending component in the op, or -1 when it concerns the whole op
   * @param path the JSON path of that component, or an empty list when there is none
   */
  public InvalidOpException(String message, int component, List<Object> path) {
    super(message, null, false, false);
    this.component = component;
    this.path = path == null ? List.of() : List.copyOf(path);
  }

  public InvalidOpException(String message) {
    this(message, -1, List.of());
  }

  /** Index of the offending component, or -1 when the problem concerns the op as a whole. */
  public int component() {
    return component;
  }

  /** Path of the offending component (empty when not applicable). */
  public List<Object> path() {
    return path;
  }

  /** The same problem, located at component {@code index} with {@code path}, unless already located. */
  public InvalidOpException at(int index, List<Object> at) {
    return component >= 0 ? this : new InvalidOpException(getMessage(), index, at);
  }

  @Override
  public String getMessage() {
    String base = super.getMessage();
    if (component < 0) {
      return base;
    }
    return "component " + component + (path.isEmpty() ? "" : " at " + path) + ": " + base;
  }

  /** The message without the location prefix. */
  public String reason() {
    return super.getMessage();
  }
}
