// A `crdt` document as the app sees it (docs/protocol.md §6): counters, registers and sets that
// change locally at once, are queued while offline (kept in the pending store per tab, so they
// survive a reload), and merge with everyone's edits when sent. The server never transforms nor
// refuses a valid CRDT op for being old, so nothing is rolled back: an op the server refuses (a
// field that someone made another kind meanwhile, a limit) is dropped and reported as 'lost'.
// The bookkeeping is CrdtState; this class does the I/O around it.
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { LockstepError } from './errors.js';
import { CrdtState, canonicalText } from './crdt-state.js';
import { SavedRecord } from './saved-record.js';


/**
 * Events: 'change' {source: 'local'|'remote'|'snapshot'|'lost'}, 'ack' {v}, 'error' (LockstepError),
 * 'lost' {ops, reason} (local ops the server refused for good).
 */
export class CrdtDoc extends Emitter {
  #state = new CrdtState();
  #known = false; // we hold a state (from the server or the pending store) to catch up from
  #subscribed = false;
  #sentSeq = null;
  #ackTimer = null;
  #retryTimer = null;
  #retryBackoff = new Backoff({ baseMs: 200, maxMs: 10000 });
  #saved = new SavedRecord(this, () => ({ unacked: this.#state.hasUnacked, record: () => this.#state.toJSON() }));
  #opened = false;
  #resolveReady;
  #resolveOpened;
  #settleWaiters = [];

  constructor(client, id) {
    super();
    this.client = client;
    this.id = id;
    /** Resolves once the value is known: restored from the pending store or received. */
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    /** Resolves once open() has read this client's own queued ops. */
    this.opened = new Promise((resolve) => (this.#resolveOpened = resolve));
  }

  /** The plain value: {field: number | value | array}, with local ops applied. */
  get value() {
    return this.#state.value;
  }

  /** The last committed version this replica applied. */
  get version() {
    return this.#state.v;
  }

  /** Local ops the server has not acknowledged yet. */
  get queuedEdits() {
    return this.#state.queue.filter((entry) => !entry.create).length;
  }

  get hasPendingOps() {
    return this.#state.hasUnacked;
  }

  /** Adds `by` (an integer, negative subtracts) to the counter `field`. */
  increment(field, by = 1) {
    if (!Number.isSafeInteger(by)) throw new LockstepError('bad_request', 'a counter changes by a safe integer');
    this.#edit([{ p: [field], inc: by }], 'counter');
  }

  /** Assigns the register `field` (last writer wins, by this device's clock). */
  set(field, value) {
    this.#edit([{ p: [field], set: plainJson(value, false), t: Date.now() }], 'register');
  }

  /** Adds `element` to the set `field`. */
  add(field, element) {
    this.#edit([{ p: [field], add: plainJson(element, true) }], 'set');
  }

  /** Removes `element` from the set `field` (an add made elsewhere that this replica had not seen survives). */
  remove(field, element) {
    this.#edit([{ p: [field], remove: plainJson(element, true) }], 'set');
  }

  /** Whether the set `field` holds `element` (in the value the app sees). */
  has(field, element) {
    const key = canonicalText(element);
    const list = this.value[field];
    return Array.isArray(list) && list.some((e) => canonicalText(e) === key);
  }

  /** Resolves when every local op is acknowledged and the pending store is up to date. */
  async settled() {
    while (this.#state.hasUnacked) await new Promise((resolve) => this.#settleWaiters.push(resolve));
    await this.#saved.settled();
  }

  /** Stops receiving ops; queued ops stay in the pending store. */
  close() {
    this.client.request({ t: 'unsub', doc: this.id }, () => {});
    this.disconnected();
    this.client.forgetDoc(this.id);
  }

  #edit(op, kind) {
    const field = op[0].p[0];
    if (typeof field !== 'string' || field.length === 0) throw new LockstepError('bad_request', 'a field name is a non-empty string');
    const current = this.#state.kind(field);
    if (current && current !== kind) throw new LockstepError('invalid_op', `field ${field} is a ${current}, not a ${kind}`, { doc: this.id });
    if (!this.#state.exists && !this.#state.queue.some((entry) => entry.create)) {
      // Creating an existing crdt document is harmless (conflict, and we go on), so the first op creates it.
      this.#state.local({ ...this.client.claimSeq(), create: true });
    }
    this.#state.local({ ...this.client.claimSeq(), base: this.#state.v, op });
    this.#changed('local');
    this.#flush();
  }

  // ---- called by the client ----

  async open() {
    try {
      const record = await this.client.queue.load(this.id);
      if (record?.kind === 'crdt') this.#restore(record);
    } catch (error) {
      this.emit('error', new LockstepError('storage', `could not read queued ops: ${error?.message ?? error}`));
    }
    this.#opened = true;
    this.#resolveOpened();
    if (this.client.online) this.connected();
  }

  #restore(record) {
    this.#state = new CrdtState(record);
    this.#known = true;
    this.#saved.markStored();
    this.#resolveReady();
    this.#changed('snapshot', { persist: false });
  }

  connected() {
    if (this.#opened) this.#subscribe();
  }

  disconnected() {
    this.#subscribed = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    clearTimeout(this.#retryTimer);
  }

  receive(frame) {
    if (frame.t === 'op') {
      if (this.#subscribed) this.#applyCommitted(frame);
    } else if (frame.t === 'err') {
      const error = LockstepError.fromFrame(frame);
      if (error.code === 'unavailable') this.#subscribe();
      else {
        if (frame.unsub) this.#subscribed = false;
        this.emit('error', error);
      }
    }
  }

  /**
   * Takes over what a gone tab (`owner`) left queued for this document: its ops keep their src/seq
   * (so the server applies each at most once) and simply join our queue, since CRDT ops need no
   * rebasing. Resolves true when it adopted.
   */
  adopt(owner) {
    return this.#saved.adopt(owner, (record) => this.#takeOver(record));
  }

  #takeOver(record) {
    if (record?.kind !== 'crdt' || !this.#opened) return null;
    const orphan = new CrdtState(record);
    if (!this.#known || orphan.v > this.#state.v && !this.#subscribed) {
      orphan.queue = [...orphan.queue, ...this.#state.queue];
      this.#state = orphan;
      this.#known = true;
      this.#resolveReady();
    } else {
      const mine = new Set(this.#state.queue.map((entry) => entry.src + ' ' + entry.seq));
      for (const entry of orphan.queue) {
        if (!mine.has(entry.src + ' ' + entry.seq)) this.#state.local(entry);
      }
    }
    this.#saved.markStored();
    this.#changed('snapshot', { persist: false });
    if (this.#subscribed) this.#flush();
    else if (this.client.online) this.#subscribe();
    this.#settleIfDone();
    return this.#state.toJSON();
  }

  // ---- subscription ----

  #subscribe() {
    this.#subscribed = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    const frame = { t: 'sub', doc: this.id };
    if (this.#known) frame.v = this.#state.v;
    this.client.request(frame, (reply) => this.#onSubscribed(reply));
  }

  #onSubscribed(reply) {
    if (reply.t === 'err') {
      const error = LockstepError.fromFrame(reply, { doc: this.id });
      this.emit('error', error);
      if (error.temporary) this.#retry(() => this.#subscribe(), error);
      return;
    }
    if (reply.t === 'snapshot') {
      if (reply.type !== null && reply.type !== 'crdt') {
        this.emit('error', new LockstepError('conflict', `document ${this.id} is a ${reply.type} document, not a crdt one`, { doc: this.id }));
        return;
      }
      this.#state.loadSnapshot(reply);
      if (this.#state.exists) this.#state.queue = this.#state.queue.filter((entry) => !entry.create);
      this.#changed('snapshot');
    } else {
      for (const op of reply.ops) this.#applyCommitted(op);
    }
    this.#known = true;
    this.#subscribed = true;
    this.#resolveReady();
    this.#flush();
    this.#settleIfDone();
  }

  #applyCommitted(frame) {
    const state = this.#state;
    if (frame.v <= state.v) return;
    if (frame.v > state.v + 1) {
      this.#subscribe(); // a gap: catch up from our version
      return;
    }
    const own = state.committedOp(frame);
    if (frame.create && state.exists) state.queue = state.queue.filter((entry) => !entry.create);
    if (own) {
      this.#sentSeq = null;
      clearTimeout(this.#ackTimer);
      this.emit('ack', { v: frame.v });
      this.#flush();
    }
    this.#changed(own ? 'ack' : 'remote');
    this.#settleIfDone();
  }

  // ---- sending: one op in flight at a time, in queue order ----

  #flush() {
    this.#persist();
    const head = this.#state.queue[0];
    if (!head || !this.#subscribed || !this.client.online || this.#sentSeq === head.seq) return;
    if (!head.sent) {
      head.sent = true; // from now on the server may hold it: it is never cancelled
      this.#persist();
    }
    const frame = head.create
      ? { t: 'create', doc: this.id, type: 'crdt', data: {}, src: head.src, seq: head.seq }
      : { t: 'op', doc: this.id, v: head.base, src: head.src, seq: head.seq, op: head.op, echo: true };
    const id = this.client.request(frame, (reply) => this.#onReply(reply, head));
    if (id === null) return;
    this.#sentSeq = head.seq;
    clearTimeout(this.#ackTimer);
    this.#ackTimer = setTimeout(() => {
      if (this.#state.queue[0] === head && this.#subscribed) {
        this.#sentSeq = null;
        this.#flush();
      }
    }, this.client.options.ackTimeoutMs);
  }

  #onReply(reply, entry) {
    const state = this.#state;
    if (state.queue[0] !== entry) return; // settled already (e.g. seen in a catch-up)
    if (reply.t === 'ack') {
      if (reply.v <= state.v) {
        state.drop(entry); // applied already, as a committed op of a catch-up
        this.#afterAck(reply.v);
      } else if (reply.v === state.v + 1 && (entry.create || Array.isArray(reply.op))) {
        // The ack of a crdt op carries the op as committed (with the server's rm lists and t).
        this.#applyCommitted({ v: reply.v, src: entry.src, seq: entry.seq,
          ...(entry.create ? { create: { type: 'crdt', data: {} } } : { op: reply.op }) });
      } else {
        this.#subscribe(); // ops before ours are missing, or the ack lacks the op: catch up
      }
      return;
    }
    if (reply.t !== 'err') return;
    clearTimeout(this.#ackTimer);
    this.#sentSeq = null;
    const error = LockstepError.fromFrame(reply, { doc: this.id, op: entry.op });
    if (entry.create && error.code === 'conflict') {
      state.drop(entry); // someone else created it: its creation reaches us as an op
      this.#flush();
      return;
    }
    if (error.temporary) {
      this.#retry(() => this.#flush(), error);
      return;
    }
    if (error.code === 'unauthorized') return; // the client reconnects with a fresh token and resends
    state.drop(entry);
    this.emit('error', error);
    this.emit('lost', { ops: [entry.op ?? { create: 'crdt' }], reason: error.code });
    this.#changed('lost');
    this.#flush();
    this.#settleIfDone();
  }

  #afterAck(v) {
    this.#retryBackoff.reset();
    this.emit('ack', { v });
    this.#changed('ack');
    this.#flush();
    this.#settleIfDone();
  }

  #retry(action, error) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(action, error ? error.retryDelay(this.#retryBackoff.next()) : this.#retryBackoff.next());
  }

  // ---- bookkeeping ----

  #changed(source, { persist = true } = {}) {
    if (persist) this.#persist();
    this.emit('change', { source });
  }

  #settleIfDone() {
    if (this.#state.hasUnacked) return;
    for (const resolve of this.#settleWaiters.splice(0)) resolve();
  }

  #persist() {
    this.#saved.persist();
  }
}

// A JSON copy of `value`, refused (bad_request) when it is not JSON, or, for a set element, holds a
// number that is not a safe integer (the server's rule, so that every replica writes it the same).
function plainJson(value, setElement) {
  const check = (v) => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || (setElement && !Number.isSafeInteger(v))) {
        throw new LockstepError('bad_request', setElement ? 'numbers in set elements are safe integers' : 'numbers must be finite');
      }
      return;
    }
    if (Array.isArray(v)) return v.forEach(check);
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).forEach(check);
    throw new LockstepError('bad_request', 'a crdt value is plain JSON');
  };
  check(value);
  return JSON.parse(JSON.stringify(value));
}

