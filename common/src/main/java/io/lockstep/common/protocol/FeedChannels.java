package io.lockstep.common.protocol;

import java.util.Objects;

/** The names of the built-in {@code doc:{doc}} feed channels (docs/protocol.md, "Feeds"). */
public final class FeedChannels {
  /** What every {@code doc:} channel name starts with; the document id follows. */
  public static final String DOC_PREFIX = "doc:";

  private FeedChannels() {}

  /** The feed channel carrying {@code doc}'s committed ops. */
  public static String forDoc(String doc) {
    return DOC_PREFIX + Objects.requireNonNull(doc, "doc");
  }
}
