// Rebuilding local edits on a snapshot when the ops that lead to it are gone: the client was away
// longer than the server keeps history (`retainOps`), so its edits cannot be transformed over the
// ops others made meanwhile. Instead, what others changed is recovered as a diff between the state
// the edits were made on and the snapshot, and the edits are transformed over that diff: text
// stays where it was typed relative to its neighbours, list items are kept. What cannot survive
// (json0 edits inside something others deleted or replaced; everything when the document was
// deleted or re-created with another type, or the edits' base is unknown) is returned as `lost`.

/**
 * Replaces `state` with `snapshot` plus the local edits rebuilt on it; returns the edits that
 * could not be kept as { lost: [op components or ops], edits: how many edits were kept }.
 * @param {import('./doc-state.js').DocState} state
 * @param {{v: number, type: string|null, data: unknown}} snapshot
 * @param {boolean} inflightDone the in-flight op is settled: committed (the snapshot holds it) or
 *   refused for good; otherwise it is rebuilt together with the pending op
 */
export function rebuildOnSnapshot(state, snapshot, inflightDone) {
  const { inflight, pending, pendingEdits } = state;
  const type = state.type;
  const lost = [];
  let from = state.base;
  let mine = null;
  let edits = pendingEdits;
  if (inflight?.create) {
    if (!inflightDone) lost.push(inflight.create); // the document exists: someone else created it
    from = inflight.create.data;
  }
  const unusable = !type || from === null || snapshot.type !== state.typeName || pending?.create || lost.length > 0;
  if (inflight && !inflight.create && !unusable) {
    if (inflightDone) from = type.apply(from, inflight.op);
    else {
      mine = inflight.op;
      edits += inflight.edits ?? 1;
    }
  }
  if (unusable) {
    const dropped = [inflight && !inflight.create && !inflightDone ? inflight.op : null, pending].filter(Boolean);
    state.loadSnapshot(snapshot);
    return { lost: [...lost, ...dropped], edits: 0 };
  }
  if (pending) mine = mine ? type.compose(mine, pending) : pending;
  state.loadSnapshot(snapshot);
  if (!mine) return { lost, edits: 0 };
  const rebuilt = type.transformKeeping(mine, type.diff(from, snapshot.data));
  lost.push(...rebuilt.lost);
  if (type.isNoop(rebuilt.op)) return { lost, edits: 0 };
  try {
    state.data = type.apply(state.data, rebuilt.op);
    state.pending = rebuilt.op;
    state.pendingEdits = edits;
    return { lost, edits };
  } catch {
    return { lost: [mine], edits: 0 };
  }
}
