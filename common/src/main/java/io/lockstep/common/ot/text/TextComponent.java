package io.lockstep.common.ot.text;

/**
 * One step of a text-unicode op as it walks the document from the start: keep ({@link Skip}),
 * add ({@link Insert}) or remove ({@link Delete}) text at the current position. Every component
 * is non-empty; its records check that when they are built.
 */
public sealed interface TextComponent permits Skip, Insert, Delete {

  /** Code points skipped, inserted or deleted; always at least 1. */
  int length();
}
