package io.lockstep.sync.sharedb;

/** Where a ShareDB connection's messages go: a bounded, ordered writer of one socket. */
interface ShareDbSink {

  /** Queues one JSON message already encoded as UTF-8. */
  void send(byte[] utf8);

  /** Flushes what is queued, then closes the socket with {@code code}. */
  void close(short code, String reason);
}
