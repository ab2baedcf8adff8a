package io.lockstep.sync.ws;

import io.lockstep.common.protocol.ErrorCode;

/** A frame that cannot be served, with what the error reply needs: the request id and document when known. */
final class BadFrame extends RuntimeException {
  final Long re;
  final String doc;
  final ErrorCode code;

  BadFrame(Long re, String doc, ErrorCode code, String message) {
    super(message, null, false, false);
    this.re = re;
    this.doc = doc;
    this.code = code;
  }
}
