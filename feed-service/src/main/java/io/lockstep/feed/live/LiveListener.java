package io.lockstep.feed.live;

import io.lockstep.feed.wire.EncodedEvent;

/** A stream following one channel's live events on an event loop. Called on that loop. */
public interface LiveListener {

  /** The next event of the channel: sequence numbers follow each other without gaps. */
  void onLive(EncodedEvent event);

  /**
   * Live delivery broke in a way the log could not mend (events trimmed before they could be read,
   * or the log lost its data): the listener must end its stream so its client resumes by id.
   */
  void onBroken();
}
