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

  /**
   * How long to wait before retrying a temporary refusal: the server's `retryMs` (when it sent
   * one) plus up to half of it again at random, so refused clients do not all return at once;
   * `fallbackMs` otherwise.
   */
  retryDelay(fallbackMs, random = Math.random) {
    return this.retryMs === undefined ? fallbackMs : Math.round(this.retryMs * (1 + random() / 2));
  }

  /** True when retrying the same request later (same src/seq) can succeed. */
  get temporary() {
    return TEMPORARY_CODES.has(this.code);
  }

  static fromFrame(frame, details) {
    const retry = Number.isFinite(frame.retryMs) ? { retryMs: frame.retryMs } : {};
    return new LockstepError(frame.code, frame.msg ?? frame.code, { doc: frame.doc, ...retry, ...details });
  }
}
