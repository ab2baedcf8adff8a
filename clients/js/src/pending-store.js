// Where a document's unacknowledged edits are kept so they outlive the connection (and, in
// browsers, the page). The interface is three async calls keyed by document id:
//   load(doc) → record | undefined,  save(doc, record),  remove(doc)
// A record is DocState.toJSON(): version, type, data, the in-flight op with its src/seq and the
// pending op. Any object with these methods can be passed as `pendingStore`.

/** Keeps records for the life of the process: the Node default. */
export class MemoryPendingStore {
  #records = new Map();

  async load(doc) {
    const record = this.#records.get(doc);
    return record === undefined ? undefined : structuredClone(record);
  }

  async save(doc, record) {
    this.#records.set(doc, structuredClone(record));
  }

  async remove(doc) {
    this.#records.delete(doc);
  }
}
