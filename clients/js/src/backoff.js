// Exponential backoff with "full jitter": each delay is random in [0, min(max, base * 2^n)], so
// clients that lost the same server do not all come back in the same instant.
export class Backoff {
  #attempt = 0;

  constructor({ baseMs = 250, maxMs = 15000, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The delay before the next attempt; each call doubles the ceiling until maxMs. */
  next() {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 30);
    return Math.round(this.random() * ceiling);
  }

  reset() {
    this.#attempt = 0;
  }
}
