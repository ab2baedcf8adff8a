// Where unacknowledged work is kept so it outlives the connection (and, in browsers, the page).
// A store holds opaque records keyed by (doc, owner), owner being the `src` of the client instance
// that wrote it; see tab-queue.js for how instances use it. The interface, all async:
//   get(doc, owner) → record | undefined     put(doc, owner, record)     delete(doc, owner)
//   list() → [{ doc, owner }]
//   move(doc, from, to, record)  deletes (doc, from) and puts (doc, to) → record in one step
// Any object with these methods can be passed as `pendingStore`.

/** Keeps records for the life of the process: the Node default. */
export class MemoryPendingStore {
  #records = new Map();

  static #key(doc, owner) {
    return JSON.stringify([doc, owner]);
  }

  async get(doc, owner) {
    const record = this.#records.get(MemoryPendingStore.#key(doc, owner));
    return record === undefined ? undefined : structuredClone(record);
  }

  async put(doc, owner, record) {
    this.#records.set(MemoryPendingStore.#key(doc, owner), structuredClone(record));
  }

  async delete(doc, owner) {
    this.#records.delete(MemoryPendingStore.#key(doc, owner));
  }

  async list() {
    return [...this.#records.keys()].map((key) => {
      const [doc, owner] = JSON.parse(key);
      return { doc, owner };
    });
  }

  async move(doc, from, to, record) {
    const copy = structuredClone(record); // first: a record that cannot be stored leaves the old one in place
    this.#records.delete(MemoryPendingStore.#key(doc, from));
    this.#records.set(MemoryPendingStore.#key(doc, to), copy);
  }
}
