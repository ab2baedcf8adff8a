package io.lockstep.common.ot;

/**
 * Which op wins a tie in {@link OtType#transform}: when both ops insert at the same place, the
 * {@code LEFT} op's insert ends up first. The wire protocol fixes who is which: the server
 * transforms a submitted op as {@code LEFT} over the ops committed before it.
 */
public enum Side {
  LEFT,
  RIGHT;

  /** The other side: transforming {@code a} over {@code b} as {@code s} pairs with {@code b} over {@code a} as {@code s.opposite()}. */
  public Side opposite() {
    return this == LEFT ? RIGHT : LEFT;
  }

  /** Parses {@code "left"} or {@code "right"}, the spelling of the reference implementations. */
  public static Side parse(String name) {
    return switch (name) {
      case "left" -> LEFT;
      case "right" -> RIGHT;
      default -> throw new IllegalArgumentException("side must be \"left\" or \"right\", got " + name);
    };
  }
}
