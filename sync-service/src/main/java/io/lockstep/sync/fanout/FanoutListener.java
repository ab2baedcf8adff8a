package io.lockstep.sync.fanout;

/** Receives a document's committed ops in version order, with no gap and no duplicate, on its event loop. */
public interface FanoutListener {
  void onOp(FanoutOp op);

  /** The fan-out broke (its broker subscription failed): the listener must resubscribe or give up. */
  void onFanoutFailed(Throwable cause);
}
