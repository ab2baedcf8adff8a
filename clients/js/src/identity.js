// The client's `src` and its `seq` counter. The server recognises a resubmitted op by (src, seq),
// and a src's seq must only grow, so two live clients must never share a src.
// - By default each client instance (each browser tab, each page load) makes up its own src and
//   counts its seq in memory: tabs of one browser never collide. What a gone instance left queued
//   is resubmitted under its own src/seq by whoever adopts it (see tab-queue.js).
// - A Web Storage–shaped `storage` (getItem/setItem) makes the src and counter outlive the
//   instance: for a Node process that restarts with the same pending store. Only one live client
//   may use one such storage at a time.

const SRC_KEY = 'lockstep.src';
const SEQ_KEY = 'lockstep.seq';

/** A Web Storage–shaped object kept in memory. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

function randomId() {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return 'c-' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

export class Identity {
  #seq = 0;

  /** @param {object} [storage] keeps src and seq across instances (see above); none: this instance only */
  constructor(storage) {
    this.storage = storage ?? null;
    this.src = this.storage?.getItem(SRC_KEY) ?? null;
    if (!this.src) {
      this.src = randomId();
      this.storage?.setItem(SRC_KEY, this.src);
    }
  }

  /** Claims the next seq. */
  nextSeq() {
    if (!this.storage) return ++this.#seq;
    const seq = Number(this.storage.getItem(SEQ_KEY) ?? 0) + 1;
    this.storage.setItem(SEQ_KEY, String(seq));
    return seq;
  }
}
