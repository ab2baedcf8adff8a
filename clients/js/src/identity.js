// The client's `src` and its `seq` counter. Both live in a Web Storage–shaped object
// (getItem/setItem): localStorage in browsers, a Map in Node, or anything the app passes. The
// server recognises a resubmitted op by (src, seq), so both must survive reconnects and, with
// localStorage, page reloads.

const SRC_KEY = 'lockstep.src';
const SEQ_KEY = 'lockstep.seq';

/** A Web Storage–shaped object kept in memory: the Node default. */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

/** localStorage when the platform has a usable one, else memory. */
export function defaultIdentityStorage() {
  try {
    if (typeof localStorage !== 'undefined' && localStorage) return localStorage;
  } catch {
    // Some browsers throw on access when storage is disabled (private mode, sandboxed frames).
  }
  return memoryStorage();
}

function randomId() {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return 'c-' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

export class Identity {
  constructor(storage = defaultIdentityStorage()) {
    this.storage = storage;
    this.src = storage.getItem(SRC_KEY);
    if (!this.src) {
      this.src = randomId();
      storage.setItem(SRC_KEY, this.src);
    }
  }

  /**
   * Claims the next seq. Read, increment and write happen in one synchronous step, so tabs
   * sharing one localStorage see each other's claims instead of reusing a number.
   */
  nextSeq() {
    const seq = Number(this.storage.getItem(SEQ_KEY) ?? 0) + 1;
    this.storage.setItem(SEQ_KEY, String(seq));
    return seq;
  }
}
