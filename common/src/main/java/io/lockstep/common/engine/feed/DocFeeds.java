package io.lockstep.common.engine.feed;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the built-in {@code doc:{doc}} feed channels ({@code FeedChannels}), which carry every
 * committed op of a document, are kept. The Redis op store appends to them in the commit itself
 * ({@code op_commit.lua}), so no op reaches the op log without reaching the feed; these are the
 * bounds it keeps them to, the same as every feed channel's ({@code --feed-retain-events},
 * {@code --feed-retain-ms}).
 *
 * @param retainEvents events kept per channel, at least 1
 * @param retainMs age past which events are trimmed, at least 1
 * @param clock epoch milliseconds, the time part of event ids ({@code System::currentTimeMillis} outside tests)
 */
public record DocFeeds(int retainEvents, long retainMs, LongSupplier clock) {
  public DocFeeds {
    if (retainEvents < 1 || retainMs < 1) {
      throw new IllegalArgumentException("feed retention bounds must be positive");
    }
    Objects.requireNonNull(clock, "clock");
  }
}
