// Keeps a slice of a Redux store and a json0 document the same, both ways:
// - remote changes (and rollbacks) are dispatched as `lockstep/docChanged` with the new data,
//   which docReducer(id) stores as the slice;
// - local changes made through the store's own reducers are diffed into a json0 op and
//   submitted. (doc.update(recipe) works too: it changes the doc, which dispatches.)
// No import of Redux is needed: any store with dispatch/getState/subscribe works.
import { diffJson0 } from './json0-diff.js';

export const DOC_CHANGED = 'lockstep/docChanged';

/** A reducer for the slice that mirrors document `docId`. */
export function docReducer(docId, initial = null) {
  return (state = initial, action) =>
    action.type === DOC_CHANGED && action.doc === docId ? action.data : state;
}

/**
 * Binds `doc` to `store`; `select(state)` returns the slice. Returns an unbind function.
 * The document must be loaded (await doc.ready) and be of type json0.
 */
export function bindDocToStore(doc, store, select) {
  // `mirrored` is the slice as the store holds it; its content always equals doc.data.
  let mirrored = doc.data;
  let fromStore = false;
  const dispatchDoc = () => {
    mirrored = doc.data;
    store.dispatch({ type: DOC_CHANGED, doc: doc.id, data: doc.data });
  };
  const offChange = doc.on('change', () => {
    // An edit that came from the store is in the store already.
    if (!fromStore) dispatchDoc();
  });
  const offStore = store.subscribe(() => {
    const slice = select(store.getState());
    if (slice === mirrored) return;
    const op = diffJson0(mirrored, slice);
    mirrored = slice;
    if (op.length === 0) return;
    fromStore = true;
    try {
      doc.submit(op);
    } finally {
      fromStore = false;
    }
  });
  if (select(store.getState()) !== doc.data) dispatchDoc();
  return () => {
    offChange();
    offStore();
  };
}
