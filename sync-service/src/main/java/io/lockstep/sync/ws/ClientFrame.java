package io.lockstep.sync.ws;

/** A frame a client sent on {@code /sync}, parsed and validated (PROTOCOL.md §1). {@code id} may be null. */
sealed interface ClientFrame {
  Long id();

  /** {@code batch}: the client accepts {@code batch} frames (an extension of the contract). */
  record Hello(Long id, String src, String token, boolean batch) implements ClientFrame {}

  record Sub(Long id, String doc, Long v) implements ClientFrame {}

  record Unsub(Long id, String doc) implements ClientFrame {}

  record Create(Long id, String doc, String type, Object data, String src, long seq) implements ClientFrame {}

  /** @param echo whether the ack should carry the op as committed ({@code "echo":true}, for crdt replicas) */
  record Op(Long id, String doc, long v, String src, long seq, Object op, int bytes, boolean echo) implements ClientFrame {}

  record Fetch(Long id, String doc, long from, long to) implements ClientFrame {}

  /** Deletes the document; ({@code src},{@code seq}) make a resent deletion answer once. */
  record Del(Long id, String doc, String src, long seq) implements ClientFrame {}

  /** Reads the document as it was at version {@code v}, without subscribing. */
  record Snap(Long id, String doc, long v) implements ClientFrame {}

  record Ping(Long id) implements ClientFrame {}

  /** {@code auth}: a fresh token for the open connection (docs/protocol.md, token refresh). */
  record Auth(Long id, String token) implements ClientFrame {}
}
