// json0's reference `apply` edits the snapshot in place. Apps keep snapshots in Redux or React
// state, where in-place edits go unnoticed and frozen (Immer) objects refuse them. So each
// component first gets shallow copies of the containers on its path, and only those copies are
// edited: everything off the path stays shared with the previous snapshot.
import json0 from 'ot-json0';

const { type } = json0;

function shallowCopy(value) {
  if (Array.isArray(value)) return value.slice();
  if (value !== null && typeof value === 'object') return { ...value };
  return value;
}

function isContainer(value) {
  return value !== null && typeof value === 'object';
}

// Copies the root and every container the path walks through before its last key.
function copyAlongPath(root, path) {
  const copy = shallowCopy(root);
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const child = node[path[i]];
    if (!isContainer(child)) break;
    node[path[i]] = shallowCopy(child);
    node = node[path[i]];
  }
  return copy;
}

/** Applies a json0 op without touching `snapshot`; returns the new snapshot. */
export function applyJson0(snapshot, op) {
  type.checkValidOp(op);
  let data = snapshot;
  for (const component of op) {
    data = type.apply(copyAlongPath(data, component.p), [component]);
  }
  return data;
}
