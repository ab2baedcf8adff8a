// One document's record in this tab's queue store (tab-queue.js), kept in step with the document:
// saved while it holds unacknowledged edits, removed once it does not. Saves run one after another
// and a burst of changes writes once, with the latest state; taking over a gone tab's record runs
// in the same chain, after every save of ours. Held by SyncedDoc (synced-doc.js), the base of OT
// documents and crdt replicas.
import { LockstepError } from './errors.js';

export class SavedRecord {
  #chain = Promise.resolve();
  #queued = false;
  #stored = false;

  /**
   * @param {object} doc the document: its `id`, `client.queue` and `emit('error', …)`
   * @param {() => {unacked: boolean, record: () => object}} current what to save now
   */
  constructor(doc, current) {
    this.doc = doc;
    this.current = current;
  }

  /** The record in the store is ours (restored from it, or just adopted). */
  markStored() {
    this.#stored = true;
  }

  /** Resolves once every save queued so far is done. */
  settled() {
    return this.#chain;
  }

  /** Queues a save (or the removal, once nothing is unacknowledged) of the current state. */
  persist() {
    if (this.#queued) return;
    this.#queued = true;
    this.#chain = this.#chain.then(async () => {
      this.#queued = false;
      const store = this.doc.client.queue;
      try {
        const { unacked, record } = this.current();
        if (unacked) {
          await store.save(this.doc.id, record());
          this.#stored = true;
        } else if (this.#stored) {
          this.#stored = false;
          await store.remove(this.doc.id);
        }
      } catch (error) {
        this.doc.emit('error', new LockstepError('storage', `could not save queued edits: ${error?.message ?? error}`));
      }
    });
  }

  /** Takes over what the gone tab `owner` left (tab-queue.js adopt); resolves true when it did. */
  adopt(owner, take) {
    const adoption = this.#chain
      .then(() => this.doc.client.queue.adopt(this.doc.id, owner, take))
      .catch((error) => {
        this.doc.emit('error', new LockstepError('storage', `could not adopt queued edits: ${error?.message ?? error}`));
        return false;
      });
    this.#chain = adoption;
    return adoption;
  }
}
