// What an OT document (doc.js) and a crdt replica (crdt-doc.js) both do to stay in step with the
// server: open from this tab's pending store, subscribe (again after a gap, a lost connection or
// the server's "unavailable"), send local edits one at a time with their src/seq (resent after
// ackTimeoutMs, or after a temporary refusal once the server's retryMs has passed), keep the
// pending store in step, and resolve `ready`, `opened` and settled().
//
// A subclass holds the state (DocState, CrdtState: v, hasUnacked, queuedEdits, toJSON()) and
// implements what differs between the two:
//   restore(record)            takes a record read from the pending store (useStoredState)
//   takeOver(record)           a gone tab's record: returns (or resolves to) the record to keep, or null (adopt)
//   onSubscribed(reply)        the `snapshot` or `ops` reply to our `sub`; calls live() when done
//   applyNextCommitted(frame)  a committed op at version + 1, ours or someone else's
//   nextToSend()               the entry to send now, or null
//   inFlightNow(entry)         that entry as it stands now while it is still unanswered, else null
//   submitFrame(entry)         its `op` or `create` frame
//   onSubmitReply(reply, entry) the server's answer to it (with inFlightNow's entry)
// The methods below that are not in the .d.ts typings are for the client and the subclasses.
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { LockstepError } from './errors.js';
import { SavedRecord } from './saved-record.js';

export class SyncedDoc extends Emitter {
  #state;
  #known = false; // we hold a state (from the server or the pending store) to catch up from
  #subscribed = false; // the reply to our last `sub` arrived on this connection
  #sentSeq = null; // the seq of the entry in flight as sent on this connection
  #ackTimer = null;
  #retryTimer = null;
  #retryBackoff = new Backoff({ baseMs: 200, maxMs: 10000 });
  #saved = new SavedRecord(this, () => ({ unacked: this.#state.hasUnacked, record: () => this.#state.toJSON() }));
  #storeRead = false; // open() has read the pending store
  #resolveReady;
  #resolveOpened;
  #settleWaiters = [];

  constructor(client, id, state) {
    super();
    this.client = client;
    this.id = id;
    this.#state = state;
    /** Resolves once the content is known: restored from the pending store or received. */
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    /** Resolves once open() has read this client's own queued edits. */
    this.opened = new Promise((resolve) => (this.#resolveOpened = resolve));
  }

  /** The last committed version this document applied. */
  get version() {
    return this.#state.v;
  }

  get hasPendingOps() {
    return this.#state.hasUnacked;
  }

  /** How many local edits the server has not acknowledged yet. */
  get queuedEdits() {
    return this.#state.queuedEdits;
  }

  /** Resolves when every local edit is acknowledged and the pending store is up to date. */
  async settled() {
    while (this.#state.hasUnacked) await new Promise((resolve) => this.#settleWaiters.push(resolve));
    await this.#saved.settled();
  }

  /** Stops receiving ops; queued edits stay in the pending store. */
  close() {
    this.client.request({ t: 'unsub', doc: this.id }, () => {});
    this.disconnected();
    this.client.forgetDoc(this.id);
  }

  // ---- called by the client ----

  async open() {
    try {
      const record = await this.client.queue.load(this.id);
      if (record) this.restore(record);
    } catch (error) {
      this.emit('error', new LockstepError('storage', `could not read queued edits: ${error?.message ?? error}`));
    }
    this.#storeRead = true;
    this.#resolveOpened();
    if (this.client.online) this.connected();
  }

  connected() {
    if (this.#storeRead) this.subscribe();
  }

  disconnected() {
    this.#subscribed = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    clearTimeout(this.#retryTimer);
  }

  /** Frames about this document that are not replies: live ops, and errors without a request. */
  receive(frame) {
    if (frame.t === 'op') {
      // Live ops of a subscription we are replacing (resync) are covered by the new reply.
      if (this.#subscribed) this.applyCommitted(frame);
    } else if (frame.t === 'err') {
      const error = LockstepError.fromFrame(frame);
      // "live updates interrupted": the server asks us to subscribe again from our version.
      if (error.code === 'unavailable') this.subscribe();
      else {
        if (frame.unsub) this.#subscribed = false; // e.g. the refreshed token lost the right to read it
        this.emit('error', error);
      }
    }
  }

  /** Takes over what a gone tab (`owner`) left queued for this document (takeOver); resolves true when it did. */
  adopt(owner) {
    return this.#saved.adopt(owner, (record) => this.takeOver(record));
  }

  // ---- for the subclasses: state ----

  get state() {
    return this.#state;
  }

  get known() {
    return this.#known;
  }

  get subscribed() {
    return this.#subscribed;
  }

  get storeRead() {
    return this.#storeRead;
  }

  /** `state`, restored or adopted from the pending store, becomes ours; the stored record is ours too. */
  useStoredState(state) {
    this.#state = state;
    this.#known = true;
    this.#saved.markStored();
  }

  resolveReady() {
    this.#resolveReady();
  }

  // ---- for the subclasses: subscription ----

  /** Subscribes from our version (or for a snapshot when we know nothing yet). */
  subscribe() {
    this.#subscribed = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    const frame = { t: 'sub', doc: this.id };
    if (this.#known) frame.v = this.#state.v;
    this.client.request(frame, (reply) => {
      if (!this.failed(reply, () => this.subscribe())) this.onSubscribed(reply);
    });
  }

  /** Our subscription is being replaced: live ops are ignored and nothing is sent until live(). */
  replacingSubscription() {
    this.#subscribed = false;
  }

  /** The subscription is up: the content is known, and queued edits go out. */
  live() {
    this.#known = true;
    this.#subscribed = true;
    this.#resolveReady();
    this.flush();
  }

  /** An error reply: reported, and `retry` scheduled when it is temporary. True when it was one. */
  failed(reply, retry) {
    if (reply.t !== 'err') return false;
    const error = LockstepError.fromFrame(reply, { doc: this.id });
    this.emit('error', error);
    if (error.temporary) this.retry(retry, error);
    return true;
  }

  /** A committed op, live or from a catch-up; a gap (an ack lost with its connection?) catches up from our version. */
  applyCommitted(frame) {
    const v = this.#state.v;
    if (frame.v <= v) return;
    if (frame.v > v + 1) {
      this.subscribe();
      return;
    }
    this.applyNextCommitted(frame);
  }

  // ---- for the subclasses: sending, one entry in flight at a time ----

  flush() {
    this.persist();
    if (!this.#subscribed || !this.client.online) return;
    const entry = this.nextToSend();
    if (entry && this.#sentSeq !== entry.seq) this.#send(entry);
  }

  #send(entry) {
    const id = this.client.request(this.submitFrame(entry), (reply) => {
      const current = this.inFlightNow(entry);
      if (current) this.onSubmitReply(reply, current); // else a duplicate reply to an entry already settled
    });
    if (id === null) return;
    this.#sentSeq = entry.seq;
    clearTimeout(this.#ackTimer);
    // A lost ack must not leave the edit stuck: resend it the same way (same src/seq, so the
    // server applies it at most once and acks it with its original version).
    this.#ackTimer = setTimeout(() => {
      const current = this.inFlightNow(entry);
      if (current && this.#subscribed) this.#send(current);
    }, this.client.options.ackTimeoutMs);
  }

  /** The entry in flight got its answer: no resend, and the next flush sends again. */
  inFlightAnswered() {
    clearTimeout(this.#ackTimer);
    this.#sentSeq = null;
  }

  /** A temporary refusal: wait what the server asked for (retryMs, with jitter) or back off. */
  retry(action, error) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(action, error.retryDelay(this.#retryBackoff.next()));
  }

  /**
   * The entry in flight is committed (its ack, or our op seen in a catch-up): no resend, and the
   * next temporary refusal waits the short initial delay again.
   */
  acknowledged(v) {
    this.inFlightAnswered();
    this.#retryBackoff.reset();
    this.emit('ack', { v });
  }

  // ---- for the subclasses: bookkeeping ----

  /** Emits 'change' with `event`, having queued a save of the state first unless `persist` is false. */
  changed(event, { persist = true } = {}) {
    if (persist) this.persist();
    this.emit('change', event);
  }

  /** Resolves the settled() waiters once nothing is unacknowledged. */
  settleIfDone() {
    if (this.#state.hasUnacked) return;
    for (const resolve of this.#settleWaiters.splice(0)) resolve();
  }

  persist() {
    this.#saved.persist();
  }
}
