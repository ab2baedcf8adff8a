// The browser default pending store: one IndexedDB object store, one record per (document, owner
// tab), so edits made offline survive a reload and are sent when the connection returns, and tabs
// never overwrite each other's records.

// Version 1 kept one record per document, shared by every tab; its records move to this owner,
// whose lock no tab holds, so the first tab to look adopts them.
const FORMER_OWNER = 'before-tabs';

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function upgrade(open, storeName) {
  const db = open.result;
  const queues = db.createObjectStore(storeName);
  if (!db.objectStoreNames.contains('pending')) return;
  const former = open.transaction.objectStore('pending');
  former.openCursor().onsuccess = (event) => {
    const cursor = event.target.result;
    if (!cursor) {
      db.deleteObjectStore('pending');
      return;
    }
    queues.put(cursor.value, [cursor.key, FORMER_OWNER]);
    cursor.continue();
  };
}

export class IndexedDbPendingStore {
  #db;

  constructor({ name = 'lockstep', storeName = 'queues', indexedDB = globalThis.indexedDB } = {}) {
    this.storeName = storeName;
    const open = indexedDB.open(name, 2);
    open.onupgradeneeded = () => upgrade(open, storeName);
    this.#db = promised(open);
  }

  async #run(mode, action) {
    const db = await this.#db;
    const transaction = db.transaction(this.storeName, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    const result = await promised(action(transaction.objectStore(this.storeName)));
    await done; // written for good, not just queued
    return result;
  }

  get(doc, owner) {
    return this.#run('readonly', (store) => store.get([doc, owner]));
  }

  put(doc, owner, record) {
    return this.#run('readwrite', (store) => store.put(record, [doc, owner]));
  }

  delete(doc, owner) {
    return this.#run('readwrite', (store) => store.delete([doc, owner]));
  }

  async list() {
    const keys = await this.#run('readonly', (store) => store.getAllKeys());
    return keys.map(([doc, owner]) => ({ doc, owner }));
  }

  move(doc, from, to, record) {
    return this.#run('readwrite', (store) => {
      store.delete([doc, from]);
      return store.put(record, [doc, to]);
    });
  }
}
