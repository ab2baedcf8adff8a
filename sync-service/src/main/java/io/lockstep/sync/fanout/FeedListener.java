package io.lockstep.sync.fanout;

/** Receives a document's committed ops in version order, with no gap and no duplicate, on its event loop. */
public interface FeedListener {
  void onOp(FeedOp op);

  /** The feed broke (its broker subscription failed): the listener must resubscribe or give up. */
  void onFeedFailed(Throwable cause);
}
