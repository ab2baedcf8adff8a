package io.lockstep.presence.ws;

import io.lockstep.common.protocol.ErrorCode;

/** A frame that cannot be served, with what the error reply needs: the request id and room when known. */
final class BadFrame extends RuntimeException {
  final Long re;
  final String room;
  final ErrorCode code;

  BadFrame(Long re, String room, ErrorCode code, String message) {
    super(message, null, false, false);
    this.re = re;
    this.room = room;
    this.code = code;
  }
}
