package io.lockstep.common.engine.feed;

import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.LockstepException;

/**
 * The position of one event in one channel: {@code <ms>-<seq>}, where {@code seq} counts the
 * channel's events from 1 without gaps and {@code ms} is the append time in epoch milliseconds (never
 * lower than the previous event's, so ids only grow). Written on the wire as {@code 1700000000000-42};
 * clients treat it as opaque. It is also the Redis Streams entry id, which is why time comes first:
 * Redis can then trim by age ({@code MINID}).
 *
 * <p>Within one channel, ids order by {@code seq}; a subscriber that sees {@code seq} jump by more
 * than one knows it missed events and reads them from the log.
 *
 * @param ms append time, epoch milliseconds, at least 0
 * @param seq the event's number in its channel, at least 0 ({@link #NONE} is "before the first")
 */
public record FeedId(long ms, long seq) {
  /** The position before a channel's first event. */
  public static final FeedId NONE = new FeedId(0, 0);
  private static final int MAX_DIGITS = 18;

  public FeedId {
    if (ms < 0 || seq < 0) {
      throw new IllegalArgumentException("feed ids are not negative, got " + ms + "-" + seq);
    }
  }

  /**
   * Parses {@code <ms>-<seq>} (decimal, at most 18 digits each). Throws {@code bad_request} for
   * anything else, naming {@code what} (e.g. {@code "Last-Event-ID"}) in the message.
   */
  public static FeedId parse(String text, String what) {
    int dash = text == null ? -1 : text.indexOf('-');
    if (dash < 1 || dash == text.length() - 1) {
      throw malformed(text, what);
    }
    return new FeedId(digits(text.substring(0, dash), text, what), digits(text.substring(dash + 1), text, what));
  }

  /** Whether this id comes after {@code other} in the same channel. */
  public boolean after(FeedId other) {
    return seq > other.seq;
  }

  @Override
  public String toString() {
    return ms + "-" + seq;
  }

  private static long digits(String part, String whole, String what) {
    if (part.isEmpty() || part.length() > MAX_DIGITS) {
      throw malformed(whole, what);
    }
    for (int i = 0; i < part.length(); i++) {
      if (part.charAt(i) < '0' || part.charAt(i) > '9') {
        throw malformed(whole, what);
      }
    }
    return Long.parseLong(part);
  }

  private static LockstepException malformed(String text, String what) {
    String shown = text == null ? "nothing" : text.length() > 60 ? "\"" + text.substring(0, 60) + "\"..." : "\"" + text + "\"";
    return new LockstepException(ErrorCode.BAD_REQUEST, what + " must be an event id as the server sent it, got " + shown);
  }
}
