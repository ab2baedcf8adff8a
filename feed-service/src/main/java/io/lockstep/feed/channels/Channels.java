package io.lockstep.feed.channels;

import io.lockstep.common.auth.Rights;
import io.lockstep.common.protocol.ErrorCode;
import io.lockstep.common.protocol.FeedChannels;
import io.lockstep.common.protocol.Ids;
import io.lockstep.common.protocol.LockstepException;

/**
 * Feed channel names and who may use them. A channel name follows the document id alphabet
 * ({@link Ids}). Two prefixes are built in and read-only: {@code doc:{doc}} (the committed ops of a
 * document) and {@code presence:{room}} (a room's presence changes); after the prefix comes a whole
 * document id or room name, so these names may be up to 256 characters longer than the prefix.
 */
public final class Channels {
  public static final String DOC_PREFIX = FeedChannels.DOC_PREFIX;
  public static final String PRESENCE_PREFIX = "presence:";

  private Channels() {}

  /** Returns {@code name} when it is a valid channel to read; otherwise throws {@code bad_request}. */
  public static String requireReadable(String name) {
    if (name != null && name.startsWith(DOC_PREFIX)) {
      Ids.requireDoc(name.substring(DOC_PREFIX.length()));
      return name;
    }
    if (name != null && name.startsWith(PRESENCE_PREFIX)) {
      Ids.requireRoom(name.substring(PRESENCE_PREFIX.length()));
      return name;
    }
    return Ids.requireChannel(name);
  }

  /**
   * Returns {@code name} when events may be published to it: a valid name outside the built-in
   * prefixes ({@code bad_request} for a bad name, {@code forbidden} for a built-in one).
   */
  public static String requirePublishable(String name) {
    requireReadable(name);
    if (builtIn(name)) {
      throw new LockstepException(ErrorCode.FORBIDDEN,
          "channel " + name + " is built in and read-only (doc: and presence: channels are fed by the server)");
    }
    return name;
  }

  public static boolean builtIn(String name) {
    return name.startsWith(DOC_PREFIX) || name.startsWith(PRESENCE_PREFIX);
  }

  /**
   * Whether {@code rights} may read {@code channel}: its {@code read} right on the channel name, or
   * for a built-in channel only the right on what it mirrors ({@code read} on the document,
   * {@code presence} on the room). A {@code read} pattern such as {@code *} that happens to match
   * {@code presence:lobby} grants nothing there: who is in a room needs the presence right.
   */
  public static boolean canRead(Rights rights, String channel) {
    if (channel.startsWith(DOC_PREFIX)) {
      return rights.canRead(channel.substring(DOC_PREFIX.length()));
    }
    if (channel.startsWith(PRESENCE_PREFIX)) {
      return rights.canJoin(channel.substring(PRESENCE_PREFIX.length()));
    }
    return rights.canRead(channel);
  }

  public static String forDoc(String doc) {
    return FeedChannels.forDoc(doc);
  }

  public static String forRoom(String room) {
    return PRESENCE_PREFIX + room;
  }
}
