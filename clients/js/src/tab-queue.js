// Per-tab persistence of unacknowledged work, and the takeover of what a gone tab left behind.
// Generic: it stores opaque records, so any replica kind (the OT documents of doc.js today, other
// document kinds later) can keep its queue here.
//
// Every client instance (a tab, a page load) is an owner, named by its `src`. It writes only
// records keyed (doc, its own src), so tabs never overwrite each other's queues, and it holds the
// Web Lock `lockstep-owner:<src>` for as long as it lives: the browser releases it when the tab
// closes, reloads or crashes. A record whose owner's lock is free is an orphan. A live instance
// adopts an orphan while holding the orphan owner's lock, and moves it under its own src in the
// same storage step in which it saves it as its own, so exactly one tab ever resubmits it, and a
// tab that is merely offline is never robbed. Without Web Locks (Node 20) nothing is adopted: a
// client only ever sees its own records (pass `storage` to keep one src across restarts).
//
// Internal API, for replicas (client.queue is the client's TabQueue):
//   queue.owner                     this instance's src
//   await queue.load(doc)           → this owner's record for doc, or undefined
//   await queue.save(doc, record)   (waits until the owner's lock is held, so an orphan check
//   await queue.remove(doc)          never mistakes a tab that is starting for a gone one)
//   await queue.orphans()           → [{ doc, owner }] records whose owner is gone
//   await queue.adopt(doc, owner, take)
//       runs take(record) while holding `owner`'s lock; when the owner is alive, or the record is
//       gone (another tab adopted it), take is not called and adopt resolves false. take returns
//       (or resolves to) the record to keep as this owner's, moved in one storage step before the
//       lock is let go, or null to leave it for a later try. The lock is held while an async take
//       runs (an OT document fetches the ops it missed), so no other tab adopts the record
//       meanwhile; take must settle in bounded time (the fetch gives up after ackTimeoutMs).

const LOCK_PREFIX = 'lockstep-owner:';

export class TabQueue {
  #held;
  #release = () => {};

  /**
   * @param {object} options
   * @param {string} options.owner this instance's src
   * @param {object} options.store a pending store (pending-store.js)
   * @param {object} [options.locks] a Web Locks LockManager; navigator.locks by default
   */
  constructor({ owner, store, locks = globalThis.navigator?.locks }) {
    this.owner = owner;
    this.store = store;
    this.locks = locks ?? null;
    this.#held = this.locks
      ? new Promise((acquired) => {
          this.locks.request(LOCK_PREFIX + owner, () => {
            acquired();
            return new Promise((release) => (this.#release = release));
          }).catch(() => acquired()); // no locks after all (e.g. an opaque origin): own records still work
        })
      : Promise.resolve();
  }

  load(doc) {
    return this.store.get(doc, this.owner);
  }

  async save(doc, record) {
    await this.#held;
    return this.store.put(doc, this.owner, record);
  }

  remove(doc) {
    return this.store.delete(doc, this.owner);
  }

  /** Records of owners that are gone; empty without Web Locks. */
  async orphans() {
    if (!this.locks) return [];
    const [records, state] = await Promise.all([this.store.list(), this.locks.query()]);
    const alive = new Set([...(state.held ?? []), ...(state.pending ?? [])].map((lock) => lock.name));
    return records.filter(({ owner }) => owner !== this.owner && !alive.has(LOCK_PREFIX + owner));
  }

  async adopt(doc, owner, take) {
    if (!this.locks || owner === this.owner) return false;
    await this.#held;
    return this.locks.request(LOCK_PREFIX + owner, { ifAvailable: true }, async (lock) => {
      if (!lock) return false; // its tab is alive
      const record = await this.store.get(doc, owner);
      if (record === undefined) return false; // adopted by another tab already
      const kept = await take(record);
      if (!kept) return false;
      await this.store.move(doc, owner, this.owner, kept);
      return true;
    });
  }

  /** Gives up this owner's lock: its records become orphans for other instances to adopt. */
  release() {
    this.#release();
  }
}
