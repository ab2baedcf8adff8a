// The client side of OT for one document, with no I/O: the standard algorithm with one op in
// flight (sent, not yet acknowledged) and later local ops composed into one pending op.
//
//   server version v ──inflight──▶ ──pending──▶ data (what the app sees)
//
// A committed op from someone else is transformed past inflight and pending before it is
// applied, and they past it, with the tie-break the server uses (docs/protocol.md, Tie-breaks).
import { otType } from './ot-types.js';

export class DocState {
  /**
   * @param {object} [saved] a state written by toJSON (restored from the pending store)
   */
  constructor(saved = {}) {
    this.v = saved.v ?? 0;
    this.typeName = saved.type ?? null;
    this.data = saved.data ?? null;
    // The data at version v as the server holds it (data without our unacknowledged edits): what
    // a reload after lost history diffs against the snapshot to see what others changed. The same
    // value as `data` while nothing is unacknowledged. Records of older SDKs lack it (null).
    this.base = saved.base !== undefined ? saved.base : saved.inflight || saved.pending ? null : this.data;
    // { op, src, seq, v } or, for a creation, { create: {type, data}, src, seq, v: 0 }
    this.inflight = saved.inflight ?? null;
    this.pending = saved.pending ?? null;
    // How many local edits the pending op holds (the in-flight op carries its own count as
    // `edits`): what an app shows as "N edits not yet saved".
    this.pendingEdits = saved.pendingEdits ?? (this.pending ? 1 : 0);
  }

  get type() {
    return this.typeName ? otType(this.typeName) : null;
  }

  get hasUnacked() {
    return this.inflight !== null || this.pending !== null;
  }

  /** Local edits (submit or create calls) not yet acknowledged by the server. */
  get queuedEdits() {
    return (this.inflight ? this.inflight.edits ?? 1 : 0) + this.pendingEdits;
  }

  toJSON() {
    return { v: this.v, type: this.typeName, data: this.data, base: this.base, inflight: this.inflight, pending: this.pending, pendingEdits: this.pendingEdits };
  }

  /** Replaces everything with a server snapshot. */
  loadSnapshot({ v, type, data }) {
    this.v = v;
    this.typeName = type ?? null;
    this.data = type ? data : null;
    this.base = this.data;
    this.inflight = null;
    this.pending = null;
    this.pendingEdits = 0;
  }

  /** A local creation: the document becomes `type` with `data` at once. */
  localCreate(typeName, data) {
    const type = otType(typeName);
    this.typeName = typeName;
    this.data = type.create(data);
    this.base = null;
    this.pending = { create: { type: typeName, data: this.data } };
    this.pendingEdits = 1;
  }

  /** Applies a local op now and queues it; returns the op as kept (see OtType.prepare). */
  localOp(rawOp) {
    const type = this.type;
    const op = type.prepare(rawOp, this.data);
    this.data = type.apply(this.data, op);
    if (this.pending === null) this.pending = op;
    else if (this.pending.create) this.pending = { create: { ...this.pending.create, data: this.data } };
    else this.pending = type.compose(this.pending, op);
    this.pendingEdits++;
    return op;
  }

  /** Moves the pending op in flight under a fresh (src, seq); returns it, or null when none. */
  promotePending(claim) {
    if (this.inflight !== null || this.pending === null) return null;
    const { src, seq } = claim();
    const edits = this.pendingEdits;
    this.inflight = this.pending.create
      ? { create: this.pending.create, src, seq, v: 0, edits }
      : { op: this.pending, src, seq, v: this.v, edits };
    this.pending = null;
    this.pendingEdits = 0;
    return this.inflight;
  }

  /** True when a committed op frame is our in-flight op (seen in a catch-up after reconnecting). */
  isOwn(frame) {
    return this.inflight !== null && frame.src === this.inflight.src && frame.seq === this.inflight.seq;
  }

  /** The in-flight op was committed at version v. */
  ack(v) {
    this.v = v;
    if (this.inflight.create) this.base = this.inflight.create.data;
    else if (this.base !== null) this.base = this.type.apply(this.base, this.inflight.op);
    this.inflight = null;
    if (this.pending === null) this.base = this.data;
  }

  /**
   * Applies an op committed by someone else at `frame.v` (which must be this.v + 1); returns the
   * op as applied to `data`, or null for a creation or deletion (data replaced wholesale).
   */
  remoteOp(frame) {
    this.v = frame.v;
    if (frame.create || frame.del) {
      this.typeName = frame.create ? frame.create.type : null;
      this.data = frame.create ? frame.create.data : null;
      this.base = this.data;
      this.inflight = null;
      this.pending = null;
      this.pendingEdits = 0;
      return null;
    }
    const type = this.type;
    let incoming = frame.op;
    if (this.inflight) {
      const mine = this.inflight.op;
      this.inflight = { ...this.inflight, op: type.transform(mine, incoming, 'left'), v: frame.v };
      incoming = type.transform(incoming, mine, 'right');
    }
    if (this.pending) {
      const mine = this.pending;
      this.pending = type.transform(mine, incoming, 'left');
      incoming = type.transform(incoming, mine, 'right');
    }
    this.data = type.apply(this.data, incoming);
    this.base = this.hasUnacked ? (this.base === null ? null : type.apply(this.base, frame.op)) : this.data;
    return incoming;
  }

  /**
   * The server refused the in-flight op: undo it in `data` and keep the pending op, moved past
   * the undo. Returns the op applied to `data` to undo it; throws when the type cannot invert it
   * (the caller then reloads the snapshot).
   */
  rollbackInflight() {
    const refused = this.inflight;
    this.inflight = null;
    if (refused.create) {
      this.typeName = null;
      this.data = null;
      this.base = null;
      this.pending = null;
      this.pendingEdits = 0;
      return null;
    }
    const type = this.type;
    let undo = type.invert(refused.op);
    if (this.pending) {
      const later = this.pending;
      this.pending = type.transform(later, undo, 'right');
      undo = type.transform(undo, later, 'left');
    }
    this.data = type.apply(this.data, undo);
    if (!this.hasUnacked) this.base = this.data;
    return undo;
  }
}
