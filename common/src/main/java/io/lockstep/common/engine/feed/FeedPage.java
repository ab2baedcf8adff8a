package io.lockstep.common.engine.feed;

import java.util.List;

/**
 * One read of a channel's retained events after some position.
 *
 * @param events retained events after the position, oldest first, at most the requested number
 * @param oldest the oldest retained event's id, null when nothing is retained
 * @param latest the id of the channel's latest event ever appended ({@link FeedId#NONE} when none),
 *     retained or not
 */
public record FeedPage(List<FeedEvent> events, FeedId oldest, FeedId latest) {
  public FeedPage {
    events = List.copyOf(events);
  }

  /**
   * How many events after {@code position} are gone (trimmed by count or age) and so are missing
   * before this page's first event; 0 when nothing was lost.
   */
  public long missedAfter(FeedId position) {
    long firstKept = oldest == null ? latest.seq() + 1 : oldest.seq();
    return Math.max(0, firstKept - position.seq() - 1);
  }

  /**
   * Whether {@code position} is beyond the channel's latest event: an id this log never handed out
   * (its data was lost, e.g. a Redis without persistence restarted).
   */
  public boolean unknown(FeedId position) {
    return position.seq() > latest.seq();
  }
}
