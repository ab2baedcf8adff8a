// One document as the app sees it: its data, version and type, local edits applied at once and
// sent one at a time, remote ops merged in, refused ops rolled back, unacknowledged edits kept in
// the pending store. The OT bookkeeping itself is DocState; this class does the I/O around it.
import { Emitter } from './emitter.js';
import { DocState } from './doc-state.js';
import { Backoff } from './backoff.js';
import { LockstepError } from './errors.js';
import { rebuildOnSnapshot } from './recovery.js';
import { SavedRecord } from './saved-record.js';

// How `update(recipe)` turns a recipe into an op; installed by enableImmer() so that Immer stays
// an optional dependency.
let recipeToOp = null;

// Refusals that say the op itself was wrong, rather than not allowed.
const MALFORMED_CODES = new Set(['invalid_op', 'bad_request']);

export function setRecipeToOp(fn) {
  recipeToOp = fn;
}

/** True once enableImmer() made doc.update(recipe) available. */
export function canUpdateWithRecipes() {
  return recipeToOp !== null;
}

/**
 * Events: 'change' {source: 'local'|'remote'|'rollback'|'snapshot', op}, 'op' (a remote op as
 * applied, with {source: 'remote', src: its author's client id}, just before its 'change'),
 * 'ack' {v}, 'error' (LockstepError), 'lost' {ops, reason} (local edits that could not be kept:
 * refused by the server, or not rebuildable after the server's history was trimmed; see
 * recovery.js), 'recovered' {v, kept, lost} (local edits rebuilt on a snapshot after the history
 * they needed was trimmed).
 */
export class Doc extends Emitter {
  #state = new DocState();
  #known = false; // we hold a state (from the server or the pending store) to catch up from
  #subscribed = false; // the reply to our last `sub` arrived on this connection
  #sentSeq = null; // the seq of the in-flight op as sent on this connection
  #ackTimer = null;
  #retryTimer = null;
  #retryBackoff = new Backoff({ baseMs: 200, maxMs: 10000 });
  #saved = new SavedRecord(this, () => ({ unacked: this.#state.hasUnacked, record: () => this.#state.toJSON() }));
  #opened = false; // open() has read the pending store
  #recovering = false; // rebuilding on a snapshot after the history was trimmed (live ops ignored)
  #resolveReady;
  #resolveOpened;
  #settleWaiters = [];

  constructor(client, id) {
    super();
    this.client = client;
    this.id = id;
    /** Resolves once the data is known: restored from the pending store or received. */
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
    /** Resolves once open() has read this client's own queued edits. */
    this.opened = new Promise((resolve) => (this.#resolveOpened = resolve));
  }

  get data() {
    return this.#state.data;
  }

  get version() {
    return this.#state.v;
  }

  /** 'json0', 'text-unicode', or null while the document does not exist. */
  get type() {
    return this.#state.typeName;
  }

  get hasPendingOps() {
    return this.#state.hasUnacked;
  }

  /** How many local edits (submit/create calls) the server has not acknowledged yet. */
  get queuedEdits() {
    return this.#state.queuedEdits;
  }

  /** Resolves when every local edit is acknowledged and the pending store is up to date. */
  async settled() {
    while (this.#state.hasUnacked) await new Promise((resolve) => this.#settleWaiters.push(resolve));
    await this.#saved.settled();
  }

  /** Creates the document (it must not exist yet); applied locally at once. */
  create(type, data) {
    if (this.#state.typeName) throw new LockstepError('conflict', `document ${this.id} exists already`);
    this.#state.localCreate(type, data);
    this.#changed('local', null);
    this.#flush();
  }

  /** Applies an op locally at once and sends it when the connection allows. */
  submit(op) {
    if (!this.#state.typeName) throw new LockstepError('not_found', `document ${this.id} does not exist (yet)`);
    const kept = this.#state.localOp(op);
    this.#changed('local', kept);
    this.#flush();
  }

  /** Edits a json0 document with an Immer recipe (needs enableImmer() from '@lockstep/client/immer'). */
  update(recipe) {
    if (!recipeToOp) throw new Error("doc.update needs Immer: call enableImmer() from '@lockstep/client/immer'");
    const op = recipeToOp(this.data, recipe);
    if (op.length > 0) this.submit(op);
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
      if (record) {
        this.#state = new DocState(record);
        this.#known = true;
        this.#saved.markStored();
        if (this.#state.typeName) this.#resolveReady();
      }
    } catch (error) {
      this.emit('error', new LockstepError('storage', `could not read queued edits: ${error?.message ?? error}`));
    }
    this.#opened = true;
    this.#resolveOpened();
    if (this.client.online) this.connected();
  }

  connected() {
    if (this.#opened) this.#subscribe();
  }

  disconnected() {
    this.#subscribed = false;
    this.#recovering = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    clearTimeout(this.#retryTimer);
  }

  /** Frames about this document that are not replies: live ops, and errors without a request. */
  receive(frame) {
    if (frame.t === 'op') {
      // Live ops of a subscription we are replacing (resync) are covered by the new reply.
      if (this.#subscribed) this.#applyCommitted(frame);
    } else if (frame.t === 'err') {
      const error = LockstepError.fromFrame(frame);
      // "live updates interrupted": the server asks us to subscribe again from our version.
      if (error.code === 'unavailable') this.#subscribe();
      else {
        if (frame.unsub) this.#subscribed = false; // e.g. the refreshed token lost the right to read it
        this.emit('error', error);
      }
    }
  }

  /**
   * Takes over what a gone tab (`owner`) left queued for this document, when this document holds
   * no unacknowledged edits of its own. Its in-flight op keeps the gone tab's src/seq, so the
   * server applies it at most once. Resolves true when it adopted. The move runs in the save
   * chain, after every save of ours.
   */
  adopt(owner) {
    return this.#saved.adopt(owner, (record) => this.#takeOver(new DocState(record)));
  }

  #canAdopt() {
    return this.#opened && !this.#state.hasUnacked && !this.#recovering;
  }

  // Returns the record to keep as ours, or null to leave it for later. A document shown already is
  // not sent back to the gone tab's older version: the gone tab's edits are caught up to ours
  // (fetch) and arrive as one change, so a text box keeps its caret.
  async #takeOver(orphan) {
    if (!this.#canAdopt()) return null;
    if (!this.#known) return this.#replaceWith(orphan);
    // A reply is one page of ops, with `next` while the server holds more: pages are followed (a
    // bounded number), and a range is asked again (at most 10 times) when ours moved on meanwhile.
    for (let round = 0, pages = 0; round < 10 && pages < 1000 && orphan.v < this.#state.v; pages++) {
      const reply = await this.#fetch(orphan.v, this.#state.v);
      if (reply?.t === 'err' && reply.code === 'not_found' && this.#canAdopt()) return this.#replaceWith(orphan); // history gone: recovery rebuilds
      if (reply?.t !== 'ops') return null;
      for (const frame of reply.ops) {
        if (frame.v !== orphan.v + 1) continue;
        if (orphan.isOwn(frame)) orphan.ack(frame.v);
        else orphan.remoteOp(frame);
      }
      if (reply.next === undefined) round++;
    }
    const mine = this.#state;
    if (!this.#canAdopt() || !this.#subscribed || orphan.v !== mine.v || orphan.typeName !== mine.typeName
        || orphan.inflight?.create || orphan.pending?.create) return null;
    const type = mine.type;
    const ops = [orphan.inflight?.op, orphan.pending].filter(Boolean);
    const op = ops.length === 2 ? type.compose(ops[0], ops[1]) : ops[0] ?? null;
    orphan.base = mine.data;
    orphan.data = op ? type.apply(mine.data, op) : mine.data;
    this.#state = orphan;
    this.#saved.markStored();
    if (op) this.#changed('remote', op, { persist: false });
    this.#flush();
    this.#settleIfDone();
    return orphan.toJSON();
  }

  // For a document not shown yet (a page that just opened, maybe offline): the gone tab's state
  // becomes ours as it was, and catches up from its version when online.
  #replaceWith(orphan) {
    this.#state = orphan;
    this.#known = true;
    this.#saved.markStored();
    this.#changed('snapshot', null, { persist: false });
    if (orphan.typeName) this.#resolveReady();
    if (this.client.online) this.#subscribe();
    return orphan.toJSON();
  }

  // The committed ops from < v ≤ to, or null when no reply came (offline, or too slow).
  #fetch(from, to) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), this.client.options.ackTimeoutMs);
      const id = this.client.request({ t: 'fetch', doc: this.id, from, to }, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      if (id === null) {
        clearTimeout(timer);
        resolve(null);
      }
    });
  }

  // ---- subscription ----

  #subscribe() {
    this.#subscribed = false;
    this.#recovering = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    const frame = { t: 'sub', doc: this.id };
    if (this.#known) frame.v = this.#state.v;
    this.client.request(frame, (reply) => this.#onSubscribed(reply));
  }

  #onSubscribed(reply) {
    if (this.#failed(reply, () => this.#subscribe())) return;
    const state = this.#state;
    if (reply.t === 'snapshot') {
      if (!state.hasUnacked) {
        state.loadSnapshot(reply);
        this.#changed('snapshot', null);
      } else if (reply.v !== state.v) {
        // The server no longer keeps the ops after our version: rebuild our edits on a snapshot.
        this.#recover();
        return;
      } // else: nothing happened while we were away
    } else {
      for (const op of reply.ops) this.#applyCommitted(op);
    }
    this.#live();
  }

  #live() {
    this.#known = true;
    this.#subscribed = true;
    this.#resolveReady();
    this.#flush();
  }

  // An error reply: reported, and `retry` scheduled when it is temporary. True when it was one.
  #failed(reply, retry) {
    if (reply.t !== 'err') return false;
    const error = LockstepError.fromFrame(reply, { doc: this.id });
    this.emit('error', error);
    if (error.temporary) this.#retry(retry, error);
    return true;
  }

  // History lost with edits unacknowledged. First settle the in-flight op: resent with its
  // src/seq, the server acks it (with its original version) when it was committed, or refuses it
  // (`conflict`: too old to rebase) when not. Then rebuild on a fresh snapshot.
  #recover() {
    this.#subscribed = false;
    this.#recovering = true;
    const inflight = this.#state.inflight;
    if (!inflight) {
      this.#resync(false);
      return;
    }
    this.client.request(this.#submitFrame(inflight), (reply) => {
      if (!this.#recovering) return;
      if (reply.t === 'ack') return this.#resync(true);
      const error = LockstepError.fromFrame(reply, { doc: this.id, op: inflight.op });
      if (error.temporary) return this.#retry(() => this.#recovering && this.#recover(), error);
      if (error.code === 'unauthorized') return; // the client reconnects with a fresh token
      if (error.code === 'conflict') return this.#resync(false);
      this.emit('error', error);
      this.#resync(true, error.code); // refused for good: dropped, and reported as lost
    });
  }

  // Loads a fresh snapshot and rebuilds the local edits on it (recovery.js).
  #resync(inflightDone, refusal = null) {
    this.client.request({ t: 'sub', doc: this.id }, (reply) => {
      if (!this.#recovering) return;
      if (this.#failed(reply, () => this.#recovering && this.#resync(inflightDone, refusal))) return;
      const state = this.#state;
      const refused = refusal && state.inflight ? [state.inflight.op ?? state.inflight.create] : [];
      const { lost, edits } = rebuildOnSnapshot(state, reply, inflightDone);
      this.#recovering = false;
      this.#changed('snapshot', null);
      const unkept = [...refused, ...lost];
      if (unkept.length > 0) this.emit('lost', { ops: unkept, reason: refusal ?? 'history_lost' });
      if (!refusal) this.emit('recovered', { v: reply.v, kept: edits, lost: unkept });
      this.#live();
      this.#settleIfDone();
    });
  }

  // A committed op, live or from a catch-up: ours (the in-flight op, when its ack was lost with a
  // connection) or someone else's.
  #applyCommitted(frame) {
    const state = this.#state;
    if (frame.v <= state.v) return;
    if (frame.v > state.v + 1) {
      // A gap: something was lost (an ack dropped with its connection?). Catch up from our version.
      this.#subscribe();
      return;
    }
    if (state.isOwn(frame)) {
      this.#acked(frame.v);
      return;
    }
    const applied = state.remoteOp(frame);
    this.emit('op', applied, { source: 'remote', src: frame.src });
    this.#changed('remote', applied);
    if (frame.create || frame.del) this.#settleIfDone();
  }

  // ---- sending ----

  #flush() {
    this.#persist();
    if (!this.#subscribed || !this.client.online) return;
    const inflight = this.#state.inflight ?? this.#state.promotePending(() => this.client.claimSeq());
    if (!inflight || this.#sentSeq === inflight.seq) return;
    this.#send(inflight);
  }

  #submitFrame(inflight) {
    return inflight.create
      ? { t: 'create', doc: this.id, type: inflight.create.type, data: inflight.create.data, src: inflight.src, seq: inflight.seq }
      : { t: 'op', doc: this.id, v: inflight.v, src: inflight.src, seq: inflight.seq, op: inflight.op };
  }

  #send(inflight) {
    const id = this.client.request(this.#submitFrame(inflight), (reply) => this.#onSubmitReply(reply, inflight.seq));
    if (id === null) return;
    this.#sentSeq = inflight.seq;
    clearTimeout(this.#ackTimer);
    // A lost ack must not leave the edit stuck: resend it the same way (same src/seq, so the
    // server applies it at most once and acks it with its original version).
    this.#ackTimer = setTimeout(() => {
      if (this.#state.inflight?.seq === inflight.seq && this.#subscribed) this.#send(this.#state.inflight);
    }, this.client.options.ackTimeoutMs);
  }

  #onSubmitReply(reply, seq) {
    const state = this.#state;
    if (state.inflight?.seq !== seq || this.#recovering) return; // a duplicate reply to an op already settled
    if (reply.t === 'ack') {
      if (reply.v === state.v + 1) this.#acked(reply.v);
      else if (reply.v > state.v + 1) this.#subscribe(); // ops before ours are missing: catch up
      else this.#reload(); // acked at a version we already treated as someone else's
      return;
    }
    if (reply.t !== 'err') return;
    clearTimeout(this.#ackTimer);
    const error = LockstepError.fromFrame(reply, { doc: this.id, op: state.inflight.op });
    if (error.temporary) {
      this.#sentSeq = null;
      this.#retry(() => this.#flush(), error);
    } else if (error.code !== 'unauthorized') {
      // unauthorized makes the client reconnect with a fresh token; the op is resent then.
      this.#rollback(error);
    }
  }

  #acked(v) {
    clearTimeout(this.#ackTimer);
    this.#retryBackoff.reset();
    this.#state.ack(v);
    this.#sentSeq = null;
    this.emit('ack', { v });
    this.#flush();
    this.#settleIfDone();
  }

  // An op the server refused is undone by its inverse, which keeps the pending op. But an op it
  // found invalid may have applied differently here (json0's reference apply is lenient, e.g. it
  // inserts past the end of a list), so its inverse cannot be trusted: rebuild on the snapshot.
  #rollback(error) {
    const inflight = this.#state.inflight;
    this.#sentSeq = null;
    this.emit('error', error);
    if (inflight.create || MALFORMED_CODES.has(error.code)) {
      this.#reload(error.code);
      return;
    }
    try {
      this.#changed('rollback', this.#state.rollbackInflight());
    } catch {
      this.#state.inflight = inflight;
      this.#reload(error.code);
      return;
    }
    this.emit('lost', { ops: [inflight.op], reason: error.code });
    this.#flush();
    this.#settleIfDone();
  }

  // Replaces our state with the server's snapshot, the in-flight op settled (committed, or refused
  // with `refusal`), the pending edits rebuilt on it.
  #reload(refusal = null) {
    this.#subscribed = false;
    this.#recovering = true;
    this.#resync(true, refusal);
  }

  // A temporary refusal: wait what the server asked for (retryMs, with jitter) or back off.
  #retry(action, error) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(action, error ? error.retryDelay(this.#retryBackoff.next()) : this.#retryBackoff.next());
  }

  // ---- bookkeeping ----

  #changed(source, op, { persist = true } = {}) {
    if (persist) this.#persist();
    this.emit('change', { source, op });
  }

  #settleIfDone() {
    if (this.#state.hasUnacked) return;
    for (const resolve of this.#settleWaiters.splice(0)) resolve();
  }

  #persist() {
    this.#saved.persist();
  }
}
