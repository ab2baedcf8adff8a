// The client side of a `crdt` document, with no I/O (docs/protocol.md §6): the state as the server
// committed it up to version v, the local ops the server has not acknowledged yet, and the value the
// app sees: the committed state with the local ops applied on top. CRDT ops commute, so nothing is
// transformed or rolled back: a committed op from anyone is applied to the committed state, and the
// view is recomputed from it and the local queue.
//
// A local op is { src, seq, base, op } (base: the version its author had seen, which is what a
// `remove` takes away), or { src, seq, create: true } for the creation of the document.

/** The canonical JSON text that identifies a set element: sorted keys, JSON.stringify escapes. */
export function canonicalText(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalText).join(',') + ']';
  const keys = Object.keys(value).sort();
  return '{' + keys.map((key) => JSON.stringify(key) + ':' + canonicalText(value[key])).join(',') + '}';
}

const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Local adds have no version yet: they sort after every committed one.
const LOCAL = Number.POSITIVE_INFINITY;

function registerBeats(a, b) {
  if (a.t !== b.t) return a.t > b.t;
  const bySrc = compareText(a.src ?? '', b.src ?? '');
  return bySrc !== 0 ? bySrc > 0 : a.v > b.v;
}

/** The fields of a crdt document: Map name → counter {k,n} | register {k,val,t,src,v} | set {k, e: Map key → {val, adds}}. */
export class CrdtFields {
  constructor(fields = new Map()) {
    this.fields = fields;
  }

  /** From snapshot `data` (docs/protocol.md §6, Snapshots). */
  static fromData(data) {
    const fields = new Map();
    for (const [name, field] of Object.entries(data ?? {})) {
      if (field.k === 'set') {
        const elements = new Map();
        for (const element of field.e) elements.set(canonicalText(element.val), { val: element.val, adds: element.adds.map(([v, src]) => [v, src]) });
        fields.set(name, { k: 'set', e: elements });
      } else {
        fields.set(name, { ...field });
      }
    }
    return new CrdtFields(fields);
  }

  /** As snapshot `data`. */
  toData() {
    const data = {};
    for (const name of [...this.fields.keys()].sort(compareText)) {
      const field = this.fields.get(name);
      data[name] = field.k === 'set'
        ? { k: 'set', e: [...field.e.keys()].sort(compareText).map((key) => field.e.get(key)) }
        : { ...field };
    }
    return data;
  }

  clone() {
    return CrdtFields.fromData(this.toData());
  }

  /** The plain view: counters as numbers, registers as their value, sets as sorted arrays. */
  value() {
    const out = {};
    for (const name of [...this.fields.keys()].sort(compareText)) {
      const field = this.fields.get(name);
      if (field.k === 'counter') out[name] = field.n;
      else if (field.k === 'register') out[name] = field.val;
      else out[name] = [...field.e.keys()].sort(compareText).map((key) => field.e.get(key).val);
    }
    return out;
  }

  /** The kind of `name` ('counter' | 'register' | 'set'), or undefined while it has none. */
  kind(name) {
    return this.fields.get(name)?.k;
  }

  /**
   * Applies a committed op (a frame with v, src, op, where every add and remove carries `rm`).
   * With `local` (an unacknowledged op { src, base, op }): applies it as the server will, at an
   * unknown later version; a remove takes the adds its author had seen (versions ≤ base) and the
   * author's own adds, committed or local. Components apply in order (an op's later add or remove
   * of an element sees its earlier ones), except that of several `set`s of one register only the
   * op's last one counts.
   */
  apply(v, src, op, base = null) {
    const lastSet = new Map();
    op.forEach((component, i) => { if ('set' in component) lastSet.set(component.p[0], i); });
    op.forEach((component, i) => {
      const name = component.p[0];
      if ('set' in component) this.#checkKind(name, 'register');
      if ('set' in component && lastSet.get(name) !== i) return;
      if ('inc' in component) {
        const field = this.#field(name, 'counter', () => ({ k: 'counter', n: 0 }));
        field.n += component.inc;
      } else if ('set' in component) {
        const candidate = { k: 'register', val: component.set, t: component.t ?? Date.now(), src: src ?? null, v };
        const field = this.fields.get(name);
        if (!field || registerBeats(candidate, field)) this.fields.set(name, candidate);
      } else {
        const field = this.#field(name, 'set', () => ({ k: 'set', e: new Map() }));
        const element = 'add' in component ? component.add : component.remove;
        const key = canonicalText(element);
        const current = field.e.get(key);
        let adds = current ? current.adds : [];
        if (base === null) {
          const taken = new Set(component.rm ?? []);
          adds = adds.filter(([addV]) => !taken.has(addV));
        } else {
          // A local op: the server will take what its author had seen (and, for an add, replace the
          // author's own earlier adds).
          adds = adds.filter(([addV, addSrc]) => !(addSrc === src || ('remove' in component && addV <= base)));
        }
        // One add per version: an op's later add of an element replaces its earlier one.
        if ('add' in component) adds = [...adds.filter(([addV]) => addV !== v), [v, src ?? null]];
        if (adds.length > 0) field.e.set(key, { val: current ? current.val : element, adds });
        else field.e.delete(key);
      }
    });
  }

  #field(name, kind, make) {
    this.#checkKind(name, kind);
    let field = this.fields.get(name);
    if (!field) this.fields.set(name, (field = make()));
    return field;
  }

  #checkKind(name, kind) {
    const field = this.fields.get(name);
    if (field && field.k !== kind) throw new Error(`field ${name} is a ${field.k}, not a ${kind}`);
  }
}

/** The replica: committed fields at version v, the local queue, and the view. */
export class CrdtState {
  /** @param {object} [saved] what toJSON wrote (restored from the pending store) */
  constructor(saved = {}) {
    this.v = saved.v ?? 0;
    this.exists = saved.exists ?? false; // the server holds the document as a crdt at version v
    this.committed = CrdtFields.fromData(saved.data ?? {});
    this.queue = saved.queue ?? [];
    this.view = null;
    this.#refresh();
  }

  toJSON() {
    return { kind: 'crdt', v: this.v, exists: this.exists, data: this.committed.toData(), queue: this.queue };
  }

  /** The value the app sees. */
  get value() {
    return this.view.value();
  }

  /** The kind a field has in the view, or undefined. */
  kind(name) {
    return this.view.kind(name);
  }

  get hasUnacked() {
    return this.queue.length > 0;
  }

  /** Local ops the server has not acknowledged yet (the document's creation is not one the app made). */
  get queuedEdits() {
    return this.queue.filter((entry) => !entry.create).length;
  }

  /** Replaces the committed state with a snapshot ({v, type, data}); the queue stays. */
  loadSnapshot({ v, type, data }) {
    this.v = v;
    this.exists = type === 'crdt';
    this.committed = CrdtFields.fromData(this.exists ? data : {});
    this.#refresh();
  }

  /** Queues a local op (made against what the view shows) and applies it to the view. */
  local(entry) {
    if (!entry.create && entry.op.some((c) => 'remove' in c)) this.#cancelQueuedAdds(entry.op);
    this.queue.push(entry);
    this.#refresh();
  }

  // A remove also undoes this device's own adds that were never sent, whichever tab (src) made
  // them: the author had seen them. (Sent ones are taken by the server's same-src rule.)
  #cancelQueuedAdds(op) {
    const removed = new Set(op.filter((c) => 'remove' in c).map((c) => c.p[0] + '\u0000' + canonicalText(c.remove)));
    for (const entry of this.queue) {
      if (entry.sent || entry.create) continue;
      entry.op = entry.op.filter((c) => !('add' in c && removed.has(c.p[0] + '\u0000' + canonicalText(c.add))));
    }
    this.queue = this.queue.filter((entry) => entry.sent || entry.create || entry.op.length > 0);
  }

  /** A committed op frame (v = this.v + 1). Returns true when it was one of ours (acknowledged by it). */
  committedOp(frame) {
    const own = this.queue.findIndex((entry) => entry.src === frame.src && entry.seq === frame.seq);
    if (frame.create) {
      this.exists = frame.create.type === 'crdt';
      this.committed = new CrdtFields();
    } else if (frame.del) {
      this.exists = false;
      this.committed = new CrdtFields();
    } else {
      this.committed.apply(frame.v, frame.src, frame.op);
    }
    this.v = frame.v;
    if (own >= 0) this.queue.splice(own, 1);
    this.#refresh();
    return own >= 0;
  }

  /** Drops a local op the server refused for good (or an acknowledged creation). */
  drop(entry) {
    const at = this.queue.indexOf(entry);
    if (at >= 0) this.queue.splice(at, 1);
    this.#refresh();
  }

  #refresh() {
    this.view = this.committed.clone();
    for (const entry of this.queue) {
      if (entry.create) continue;
      try {
        this.view.apply(LOCAL, entry.src, entry.op, entry.base);
      } catch {
        // a field that became another kind meanwhile: the server refuses the op, and drops it then
      }
    }
  }
}
