// A `crdt` document as the app sees it (docs/protocol.md §6): counters, registers and sets that
// change locally at once, are queued while offline (kept in the pending store per tab, so they
// survive a reload), and merge with everyone's edits when sent. The server never transforms nor
// refuses a valid CRDT op for being old, so nothing is rolled back: an op the server refuses (a
// field that someone made another kind meanwhile, a limit) is dropped and reported as 'lost'; one it
// answers with `conflict` was committed long ago, and is dropped without a report.
// The bookkeeping is CrdtState; the subscription, sending and pending store plumbing it shares
// with OT documents is SyncedDoc.
import { SyncedDoc } from './synced-doc.js';
import { LockstepError } from './errors.js';
import { CrdtState, canonicalText } from './crdt-state.js';

/**
 * Events: 'change' {source: 'local'|'remote'|'ack'|'snapshot'|'lost'}, 'ack' {v}, 'error' (LockstepError),
 * 'lost' {ops, reason} (local ops the server refused for good).
 */
export class CrdtDoc extends SyncedDoc {
  constructor(client, id) {
    super(client, id, new CrdtState());
  }

  /** The plain value: {field: number | value | array}, with local ops applied. */
  get value() {
    return this.state.value;
  }

  /** Adds `by` (an integer, negative subtracts) to the counter `field`. */
  increment(field, by = 1) {
    if (!Number.isSafeInteger(by)) throw new LockstepError('bad_request', 'a counter changes by a safe integer');
    this.#edit([{ p: [field], inc: by }], 'counter');
  }

  /** Assigns the register `field` (last writer wins, by this device's clock). */
  set(field, value) {
    this.#edit([{ p: [field], set: plainJson(value), t: Date.now() }], 'register');
  }

  /** Adds `element` to the set `field`. */
  add(field, element) {
    this.#edit([{ p: [field], add: plainJson(element) }], 'set');
  }

  /** Removes `element` from the set `field` (an add made elsewhere that this replica had not seen survives). */
  remove(field, element) {
    this.#edit([{ p: [field], remove: plainJson(element) }], 'set');
  }

  /** Whether the set `field` holds `element` (in the value the app sees). */
  has(field, element) {
    const key = canonicalText(element);
    const list = this.value[field];
    return Array.isArray(list) && list.some((e) => canonicalText(e) === key);
  }

  #edit(op, kind) {
    const field = op[0].p[0];
    if (typeof field !== 'string' || field.length === 0) throw new LockstepError('bad_request', 'a field name is a non-empty string');
    const state = this.state;
    const current = state.kind(field);
    if (current && current !== kind) throw new LockstepError('invalid_op', `field ${field} is a ${current}, not a ${kind}`, { doc: this.id });
    if (!state.exists && !state.queue.some((entry) => entry.create)) {
      // Creating an existing crdt document is harmless (conflict, and we go on), so the first op creates it.
      state.local({ ...this.client.claimSeq(), create: true });
    }
    state.local({ ...this.client.claimSeq(), base: state.v, op });
    this.changed({ source: 'local' });
    this.flush();
  }

  restore(record) {
    if (record.kind !== 'crdt') return;
    this.useStoredState(new CrdtState(record));
    this.resolveReady();
    this.changed({ source: 'snapshot' }, { persist: false });
  }

  /**
   * A gone tab's record: its ops keep their src/seq (so the server applies each at most once) and
   * simply join our queue, since CRDT ops need no rebasing. Returns the record to keep as ours.
   */
  takeOver(record) {
    if (record?.kind !== 'crdt' || !this.storeRead) return null;
    const orphan = new CrdtState(record);
    const state = this.state;
    if (!this.known || orphan.v > state.v && !this.subscribed) {
      orphan.queue = [...orphan.queue, ...state.queue];
      this.useStoredState(orphan);
      this.resolveReady();
    } else {
      const mine = new Set(state.queue.map((entry) => entry.src + ' ' + entry.seq));
      for (const entry of orphan.queue) {
        if (!mine.has(entry.src + ' ' + entry.seq)) state.local(entry);
      }
      this.useStoredState(state); // the merged queue is the record now
    }
    this.changed({ source: 'snapshot' }, { persist: false });
    if (this.subscribed) this.flush();
    else if (this.client.online) this.subscribe();
    this.settleIfDone();
    return this.state.toJSON();
  }

  // ---- subscription ----

  onSubscribed(reply) {
    const state = this.state;
    if (reply.t === 'snapshot') {
      if (reply.type !== null && reply.type !== 'crdt') {
        this.emit('error', new LockstepError('conflict', `document ${this.id} is a ${reply.type} document, not a crdt one`, { doc: this.id }));
        return;
      }
      state.loadSnapshot(reply);
      if (state.exists) state.queue = state.queue.filter((entry) => !entry.create);
      this.changed({ source: 'snapshot' });
    } else {
      for (const op of reply.ops) this.applyCommitted(op);
    }
    this.live();
    this.settleIfDone();
  }

  applyNextCommitted(frame) {
    const state = this.state;
    const own = state.committedOp(frame);
    if (frame.create && state.exists) state.queue = state.queue.filter((entry) => !entry.create);
    if (own) {
      this.acknowledged(frame.v);
      this.flush();
    }
    this.changed({ source: own ? 'ack' : 'remote' });
    this.settleIfDone();
  }

  // ---- sending: one op in flight at a time, in queue order ----

  nextToSend() {
    const head = this.state.queue[0];
    if (head && !head.sent) {
      head.sent = true; // from now on the server may hold it: it is never cancelled
      this.persist();
    }
    return head;
  }

  inFlightNow(entry) {
    return this.state.queue[0] === entry ? entry : null;
  }

  submitFrame(entry) {
    return entry.create
      ? { t: 'create', doc: this.id, type: 'crdt', data: {}, src: entry.src, seq: entry.seq }
      : { t: 'op', doc: this.id, v: entry.base, src: entry.src, seq: entry.seq, op: entry.op, echo: true };
  }

  onSubmitReply(reply, entry) {
    const state = this.state;
    if (reply.t === 'ack') {
      if (reply.v <= state.v) {
        state.drop(entry); // applied already, as a committed op of a catch-up
        this.#afterAck(reply.v);
      } else if (reply.v === state.v + 1 && (entry.create || Array.isArray(reply.op))) {
        // The ack of a crdt op carries the op as committed (with the server's rm lists and t).
        this.applyCommitted({ v: reply.v, src: entry.src, seq: entry.seq,
          ...(entry.create ? { create: { type: 'crdt', data: {} } } : { op: reply.op }) });
      } else {
        this.subscribe(); // ops before ours are missing, or the ack lacks the op: catch up
      }
      return;
    }
    if (reply.t !== 'err') return;
    this.inFlightAnswered();
    const error = LockstepError.fromFrame(reply, { doc: this.id, op: entry.op });
    if (entry.create && error.code === 'conflict') {
      state.drop(entry); // someone else created it: its creation reaches us as an op
      this.flush();
      return;
    }
    if (error.code === 'conflict') {
      // The server never refuses a crdt op for its base; `conflict` on one means the op was committed
      // long ago (its src/seq is behind what the server recorded) and its version is gone. It is in
      // the document, not lost: drop it and catch up, which brings the state that includes it (and
      // says `change` and settles then, so that the value never shows the document without it).
      state.drop(entry);
      this.subscribe();
      return;
    }
    if (error.temporary) {
      this.retry(() => this.flush(), error);
      return;
    }
    if (error.code === 'unauthorized') return; // the client reconnects with a fresh token and resends
    state.drop(entry);
    this.emit('error', error);
    this.emit('lost', { ops: [entry.op ?? { create: 'crdt' }], reason: error.code });
    this.changed({ source: 'lost' });
    this.flush();
    this.settleIfDone();
  }

  #afterAck(v) {
    this.acknowledged(v);
    this.changed({ source: 'ack' });
    this.flush();
    this.settleIfDone();
  }
}

// A JSON copy of `value`, refused (bad_request) when it is not JSON (a number that is not finite, a
// function, a class instance…). Any finite number will do, in a set element too: elements are told
// apart by the text JSON.stringify writes, which the server writes the same way.
function plainJson(value) {
  const check = (v) => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new LockstepError('bad_request', 'numbers must be finite');
      return;
    }
    if (Array.isArray(v)) return v.forEach(check);
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).forEach(check);
    throw new LockstepError('bad_request', 'a crdt value is plain JSON');
  };
  check(value);
  return JSON.parse(JSON.stringify(value));
}
