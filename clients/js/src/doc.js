// One document as the app sees it: its data, version and type, local edits applied at once and
// sent one at a time, remote ops merged in, refused ops rolled back, unacknowledged edits kept in
// the pending store. The OT bookkeeping itself is DocState; this class does the I/O around it.
import { Emitter } from './emitter.js';
import { DocState } from './doc-state.js';
import { Backoff } from './backoff.js';
import { LockstepError } from './errors.js';

// How `update(recipe)` turns a recipe into an op; installed by enableImmer() so that Immer stays
// an optional dependency.
let recipeToOp = null;

// Refusals that say the op itself was wrong, rather than not allowed.
const MALFORMED_CODES = new Set(['invalid_op', 'bad_request']);

export function setRecipeToOp(fn) {
  recipeToOp = fn;
}

/**
 * Events: 'change' {source: 'local'|'remote'|'rollback'|'snapshot', op}, 'op' (a remote op as
 * applied, with {source: 'remote', src: its author's client id}, just before its 'change'),
 * 'ack' {v}, 'error' (LockstepError).
 */
export class Doc extends Emitter {
  #state = new DocState();
  #known = false; // we hold a state (from the server or the pending store) to catch up from
  #subscribed = false; // the reply to our last `sub` arrived on this connection
  #sentSeq = null; // the seq of the in-flight op as sent on this connection
  #ackTimer = null;
  #retryTimer = null;
  #retryBackoff = new Backoff({ baseMs: 200, maxMs: 10000 });
  #saveChain = Promise.resolve();
  #saveQueued = false;
  #stored = false;
  #opened = false; // open() has read the pending store
  #resolveReady;
  #settleWaiters = [];

  constructor(client, id) {
    super();
    this.client = client;
    this.id = id;
    /** Resolves once the data is known: restored from the pending store or received. */
    this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
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
    await this.#saveChain;
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
      const record = await this.client.pendingStore.load(this.id);
      if (record) {
        this.#state = new DocState(record);
        this.#known = true;
        this.#stored = true;
        if (this.#state.typeName) this.#resolveReady();
      }
    } catch (error) {
      this.emit('error', new LockstepError('storage', `could not read queued edits: ${error?.message ?? error}`));
    }
    this.#opened = true;
    if (this.client.online) this.connected();
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

  /** Frames about this document that are not replies: live ops, and errors without a request. */
  receive(frame) {
    if (frame.t === 'op') {
      // Live ops of a subscription we are replacing (resync) are covered by the new reply.
      if (this.#subscribed) this.#applyCommitted(frame);
    } else if (frame.t === 'err') {
      const error = LockstepError.fromFrame(frame);
      // "live updates interrupted": the server asks us to subscribe again from our version.
      if (error.code === 'unavailable') this.#subscribe();
      else this.emit('error', error);
    }
  }

  // ---- subscription ----

  #subscribe({ fresh = false } = {}) {
    this.#subscribed = false;
    this.#sentSeq = null;
    clearTimeout(this.#ackTimer);
    const frame = { t: 'sub', doc: this.id };
    if (this.#known && !fresh) frame.v = this.#state.v;
    this.client.request(frame, (reply) => this.#onSubscribed(reply, fresh));
  }

  #onSubscribed(reply, fresh) {
    if (reply.t === 'err') {
      const error = LockstepError.fromFrame(reply, { doc: this.id });
      this.emit('error', error);
      if (error.temporary) this.#retry(() => this.#subscribe({ fresh }));
      return;
    }
    if (reply.t === 'snapshot') this.#onSnapshot(reply, fresh);
    else for (const op of reply.ops) this.#applyCommitted(op);
    this.#known = true;
    this.#subscribed = true;
    this.#resolveReady();
    this.#flush();
  }

  #onSnapshot(snapshot, fresh) {
    const state = this.#state;
    if (state.hasUnacked && !fresh && snapshot.v === state.v) return; // nothing happened meanwhile
    const keep = fresh && state.pending && !state.pending.create ? state.pending : null;
    const keptEdits = state.pendingEdits;
    if (state.hasUnacked && !fresh) {
      // The server no longer holds the ops after our version, so our edits cannot be rebased:
      // they may or may not have been committed. Dropping them keeps every replica identical.
      this.emit('error', new LockstepError('history_lost',
        `the server no longer keeps the ops after version ${state.v}; unsent edits were dropped`, { doc: this.id }));
    }
    state.loadSnapshot(snapshot);
    state.reapplyPending(keep, keptEdits);
    this.#changed('snapshot', null);
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

  #send(inflight) {
    const frame = inflight.create
      ? { t: 'create', doc: this.id, type: inflight.create.type, data: inflight.create.data, src: inflight.src, seq: inflight.seq }
      : { t: 'op', doc: this.id, v: inflight.v, src: inflight.src, seq: inflight.seq, op: inflight.op };
    const id = this.client.request(frame, (reply) => this.#onSubmitReply(reply, inflight.seq));
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
    if (state.inflight?.seq !== seq) return; // a duplicate reply to an op already settled
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
      this.#retry(() => this.#flush());
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
  // inserts past the end of a list), so its inverse cannot be trusted: reload the snapshot.
  #rollback(error) {
    const inflight = this.#state.inflight;
    this.#sentSeq = null;
    if (inflight.create || MALFORMED_CODES.has(error.code)) {
      this.#reload();
    } else {
      try {
        this.#changed('rollback', this.#state.rollbackInflight());
      } catch {
        this.#reload();
      }
    }
    this.emit('error', error);
    this.#flush();
    this.#settleIfDone();
  }

  // Replace our state with the server's snapshot, keeping the pending op where it still applies.
  #reload() {
    const state = this.#state;
    state.inflight = null;
    this.#subscribe({ fresh: true });
  }

  #retry(action) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(action, this.#retryBackoff.next());
  }

  // ---- bookkeeping ----

  #changed(source, op) {
    this.#persist();
    this.emit('change', { source, op });
  }

  #settleIfDone() {
    if (this.#state.hasUnacked) return;
    for (const resolve of this.#settleWaiters.splice(0)) resolve();
  }

  // Saves the state while it holds unacknowledged edits and removes it once it does not.
  // Saves run one after another; a burst of changes writes once, with the latest state.
  #persist() {
    if (this.#saveQueued) return;
    this.#saveQueued = true;
    this.#saveChain = this.#saveChain.then(async () => {
      this.#saveQueued = false;
      const store = this.client.pendingStore;
      try {
        if (this.#state.hasUnacked) {
          await store.save(this.id, this.#state.toJSON());
          this.#stored = true;
        } else if (this.#stored) {
          this.#stored = false;
          await store.remove(this.id);
        }
      } catch (error) {
        this.emit('error', new LockstepError('storage', `could not save queued edits: ${error?.message ?? error}`));
      }
    });
  }
}
