// The server's error vocabulary (docs/protocol.md), and which codes mean "try the same thing later".
const TEMPORARY_CODES = new Set(['rate_limited', 'unavailable']);

export class LockstepError extends Error {
  /**
   * @param {string} code a protocol error code (`invalid_op`, `forbidden`, …) or a client one
   * @param {string} message human text
   * @param {object} [details] what the error is about: `doc`, `op`, …
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'LockstepError';
    this.code = code;
    Object.assign(this, details);
  }

  /** True when retrying the same request later (same src/seq) can succeed. */
  get temporary() {
    return TEMPORARY_CODES.has(this.code);
  }

  static fromFrame(frame, details) {
    return new LockstepError(frame.code, frame.msg ?? frame.code, { doc: frame.doc, ...details });
  }
}
