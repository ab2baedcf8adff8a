package io.lockstep.common.engine.feed;

/** What {@link FeedLog#append} did: appended the event, or recognised its key as already appended. */
public sealed interface AppendResult {

  /** The event was stored as {@code event.id()} and published. */
  record Appended(FeedEvent event) implements AppendResult {}

  /** An event with the same de-duplication key was appended recently; nothing was written. */
  record Duplicate() implements AppendResult {}
}
