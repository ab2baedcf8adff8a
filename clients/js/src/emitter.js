// A minimal event emitter that works the same in browsers and Node (no dependency on node:events).
export class Emitter {
  #handlers = new Map();

  /** Adds a handler; returns a function that removes it. */
  on(event, handler) {
    if (!this.#handlers.has(event)) this.#handlers.set(event, new Set());
    this.#handlers.get(event).add(handler);
    return () => this.off(event, handler);
  }

  off(event, handler) {
    this.#handlers.get(event)?.delete(handler);
  }

  once(event, handler) {
    const off = this.on(event, (...args) => {
      off();
      handler(...args);
    });
    return off;
  }

  emit(event, ...args) {
    // Copy first: a handler may remove itself (once) while we iterate.
    for (const handler of [...(this.#handlers.get(event) ?? [])]) handler(...args);
  }
}
