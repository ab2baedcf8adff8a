// One OT document as the app sees it: its data, version and type, local edits applied at once and
// sent one at a time, remote ops merged in, refused ops rolled back, edits rebuilt when the history
// they needed is gone. The OT bookkeeping itself is DocState; the subscription, sending and
// pending store plumbing it shares with crdt replicas is SyncedDoc.
import { SyncedDoc } from './synced-doc.js';
import { DocState } from './doc-state.js';
import { LockstepError } from './errors.js';
import { rebuildOnSnapshot } from './recovery.js';

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
export class Doc extends SyncedDoc {
  #recovering = false; // rebuilding on a snapshot after the history was trimmed (live ops ignored)

  constructor(client, id) {
    super(client, id, new DocState());
  }

  get data() {
    return this.state.data;
  }

  /** 'json0', 'text-unicode', or null while the document does not exist. */
  get type() {
    return this.state.typeName;
  }

  /** Creates the document (it must not exist yet); applied locally at once. */
  create(type, data) {
    if (this.state.typeName) throw new LockstepError('conflict', `document ${this.id} exists already`);
    this.state.localCreate(type, data);
    this.changed({ source: 'local', op: null });
    this.flush();
  }

  /** Applies an op locally at once and sends it when the connection allows. */
  submit(op) {
    if (!this.state.typeName) throw new LockstepError('not_found', `document ${this.id} does not exist (yet)`);
    const kept = this.state.localOp(op);
    this.changed({ source: 'local', op: kept });
    this.flush();
  }

  /** Edits a json0 document with an Immer recipe (needs enableImmer() from '@lockstep/client/immer'). */
  update(recipe) {
    if (!recipeToOp) throw new Error("doc.update needs Immer: call enableImmer() from '@lockstep/client/immer'");
    const op = recipeToOp(this.data, recipe);
    if (op.length > 0) this.submit(op);
  }

  disconnected() {
    super.disconnected();
    this.#recovering = false;
  }

  subscribe() {
    this.#recovering = false;
    super.subscribe();
  }

  restore(record) {
    this.useStoredState(new DocState(record));
    if (this.state.typeName) this.resolveReady();
  }

  // ---- adopting a gone tab's edits ----

  // When this document holds no unacknowledged edits of its own. The gone tab's in-flight op keeps
  // its src/seq, so the server applies it at most once. Returns the record to keep as ours, or
  // null to leave it for later. A document shown already is not sent back to the gone tab's older
  // version: the gone tab's edits are caught up to ours (fetch) and arrive as one change, so a
  // text box keeps its caret.
  async takeOver(record) {
    const orphan = new DocState(record);
    if (!this.#canAdopt()) return null;
    if (!this.known) return this.#replaceWith(orphan);
    // A reply is one page of ops, with `next` while the server holds more: pages are followed (a
    // bounded number), and a range is asked again (at most 10 times) when ours moved on meanwhile.
    for (let round = 0, pages = 0; round < 10 && pages < 1000 && orphan.v < this.state.v; pages++) {
      const reply = await this.#fetch(orphan.v, this.state.v);
      if (reply?.t === 'err' && reply.code === 'not_found' && this.#canAdopt()) return this.#replaceWith(orphan); // history gone: recovery rebuilds
      if (reply?.t !== 'ops') return null;
      for (const frame of reply.ops) {
        if (frame.v !== orphan.v + 1) continue;
        if (orphan.isOwn(frame)) orphan.ack(frame.v);
        else orphan.remoteOp(frame);
      }
      if (reply.next === undefined) round++;
    }
    const mine = this.state;
    if (!this.#canAdopt() || !this.subscribed || orphan.v !== mine.v || orphan.typeName !== mine.typeName
        || orphan.inflight?.create || orphan.pending?.create) return null;
    const type = mine.type;
    const ops = [orphan.inflight?.op, orphan.pending].filter(Boolean);
    const op = ops.length === 2 ? type.compose(ops[0], ops[1]) : ops[0] ?? null;
    orphan.base = mine.data;
    orphan.data = op ? type.apply(mine.data, op) : mine.data;
    this.useStoredState(orphan);
    if (op) this.changed({ source: 'remote', op }, { persist: false });
    this.flush();
    this.settleIfDone();
    return orphan.toJSON();
  }

  #canAdopt() {
    return this.storeRead && !this.state.hasUnacked && !this.#recovering;
  }

  // For a document not shown yet (a page that just opened, maybe offline): the gone tab's state
  // becomes ours as it was, and catches up from its version when online.
  #replaceWith(orphan) {
    this.useStoredState(orphan);
    this.changed({ source: 'snapshot', op: null }, { persist: false });
    if (orphan.typeName) this.resolveReady();
    if (this.client.online) this.subscribe();
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

  onSubscribed(reply) {
    const state = this.state;
    if (reply.t === 'snapshot') {
      if (!state.hasUnacked) {
        state.loadSnapshot(reply);
        this.changed({ source: 'snapshot', op: null });
      } else if (reply.v !== state.v) {
        // The server no longer keeps the ops after our version: rebuild our edits on a snapshot.
        this.#recover();
        return;
      } // else: nothing happened while we were away
    } else {
      for (const op of reply.ops) this.applyCommitted(op);
    }
    this.live();
  }

  // History lost with edits unacknowledged. First settle the in-flight op: resent with its
  // src/seq, the server acks it (with its original version) when it was committed, or refuses it
  // (`conflict`: too old to rebase) when not. Then rebuild on a fresh snapshot.
  #recover() {
    this.replacingSubscription();
    this.#recovering = true;
    const inflight = this.state.inflight;
    if (!inflight) {
      this.#resync(false);
      return;
    }
    this.client.request(this.submitFrame(inflight), (reply) => {
      if (!this.#recovering) return;
      if (reply.t === 'ack') return this.#resync(true);
      const error = LockstepError.fromFrame(reply, { doc: this.id, op: inflight.op });
      if (error.temporary) return this.retry(() => this.#recovering && this.#recover(), error);
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
      if (this.failed(reply, () => this.#recovering && this.#resync(inflightDone, refusal))) return;
      const state = this.state;
      const refused = refusal && state.inflight ? [state.inflight.op ?? state.inflight.create] : [];
      const { lost, edits } = rebuildOnSnapshot(state, reply, inflightDone);
      this.#recovering = false;
      this.changed({ source: 'snapshot', op: null });
      const unkept = [...refused, ...lost];
      if (unkept.length > 0) this.emit('lost', { ops: unkept, reason: refusal ?? 'history_lost' });
      if (!refusal) this.emit('recovered', { v: reply.v, kept: edits, lost: unkept });
      this.live();
      this.settleIfDone();
    });
  }

  // Ours (the in-flight op, when its ack was lost with a connection) or someone else's.
  applyNextCommitted(frame) {
    const state = this.state;
    if (state.isOwn(frame)) {
      this.#acked(frame.v);
      return;
    }
    const applied = state.remoteOp(frame);
    this.emit('op', applied, { source: 'remote', src: frame.src });
    this.changed({ source: 'remote', op: applied });
    if (frame.create || frame.del) this.settleIfDone();
  }

  // ---- sending ----

  nextToSend() {
    return this.state.inflight ?? this.state.promotePending(() => this.client.claimSeq());
  }

  // Remote ops rebase the in-flight op (a new object, same seq): the current one is what is resent.
  inFlightNow(inflight) {
    const current = this.state.inflight;
    return current?.seq === inflight.seq && !this.#recovering ? current : null;
  }

  submitFrame(inflight) {
    return inflight.create
      ? { t: 'create', doc: this.id, type: inflight.create.type, data: inflight.create.data, src: inflight.src, seq: inflight.seq }
      : { t: 'op', doc: this.id, v: inflight.v, src: inflight.src, seq: inflight.seq, op: inflight.op };
  }

  onSubmitReply(reply, inflight) {
    const state = this.state;
    if (reply.t === 'ack') {
      if (reply.v === state.v + 1) this.#acked(reply.v);
      else if (reply.v > state.v + 1) this.subscribe(); // ops before ours are missing: catch up
      else this.#reload(); // acked at a version we already treated as someone else's
      return;
    }
    if (reply.t !== 'err') return;
    this.inFlightAnswered();
    const error = LockstepError.fromFrame(reply, { doc: this.id, op: inflight.op });
    if (error.temporary) {
      this.retry(() => this.flush(), error);
    } else if (error.code !== 'unauthorized') {
      // unauthorized makes the client reconnect with a fresh token; the op is resent then.
      this.#rollback(error);
    }
  }

  #acked(v) {
    this.state.ack(v);
    this.acknowledged(v);
    this.flush();
    this.settleIfDone();
  }

  // An op the server refused is undone by its inverse, which keeps the pending op. But an op it
  // found invalid may have applied differently here (json0's reference apply is lenient, e.g. it
  // inserts past the end of a list), so its inverse cannot be trusted: rebuild on the snapshot.
  #rollback(error) {
    const state = this.state;
    const inflight = state.inflight;
    this.emit('error', error);
    if (inflight.create || MALFORMED_CODES.has(error.code)) {
      this.#reload(error.code);
      return;
    }
    try {
      this.changed({ source: 'rollback', op: state.rollbackInflight() });
    } catch {
      state.inflight = inflight;
      this.#reload(error.code);
      return;
    }
    this.emit('lost', { ops: [inflight.op], reason: error.code });
    this.flush();
    this.settleIfDone();
  }

  // Replaces our state with the server's snapshot, the in-flight op settled (committed, or refused
  // with `refusal`), the pending edits rebuilt on it.
  #reload(refusal = null) {
    this.replacingSubscription();
    this.#recovering = true;
    this.#resync(true, refusal);
  }
}
