// The browser default pending store: one IndexedDB object store, one record per document, so
// edits made offline survive a reload and are sent when the connection returns.

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class IndexedDbPendingStore {
  #db;

  constructor({ name = 'lockstep', storeName = 'pending', indexedDB = globalThis.indexedDB } = {}) {
    this.storeName = storeName;
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(storeName);
    this.#db = promised(open);
  }

  async #run(mode, action) {
    const db = await this.#db;
    const transaction = db.transaction(this.storeName, mode);
    const result = await promised(action(transaction.objectStore(this.storeName)));
    return result;
  }

  load(doc) {
    return this.#run('readonly', (store) => store.get(doc));
  }

  save(doc, record) {
    return this.#run('readwrite', (store) => store.put(record, doc));
  }

  remove(doc) {
    return this.#run('readwrite', (store) => store.delete(doc));
  }
}
