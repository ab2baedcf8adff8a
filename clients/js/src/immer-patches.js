// Immer patches → json0 components. Each patch is translated against a working copy of the
// document that the earlier components were applied to, so deletions carry the exact value they
// remove (json0 needs it to transform and invert). A string replaced by a string becomes a text
// edit and a number replaced by a number an `na`, so concurrent edits of one field merge.
// (doc.update uses diffJson0 instead, which also keeps list edits minimal; this stays for apps
// that have Immer patches at hand.)
import { applyJson0 } from './json0-apply.js';
import { json0StringOps } from './text-diff.js';

function valueAt(root, path) {
  let node = root;
  for (const key of path) node = node?.[key];
  return node;
}

// A string replaced by a string is text edits, a number by a number an `na`: both merge with
// concurrent edits of the same value instead of overwriting them.
function finerEdit(p, old, value) {
  if (typeof old === 'string' && typeof value === 'string') return json0StringOps(p, old, value);
  if (typeof old === 'number' && typeof value === 'number' && old + (value - old) === value) return [{ p, na: value - old }];
  return null;
}

function listComponents(patch, list, index) {
  const p = patch.path;
  if (patch.op === 'add') return [{ p, li: patch.value ?? null }];
  if (patch.op === 'remove') return [{ p, ld: list[index] }];
  if (index === 'length') {
    // Older Immer versions shorten a list by replacing its length: delete from the end.
    const parent = p.slice(0, -1);
    const ops = [];
    for (let i = list.length - 1; i >= patch.value; i--) ops.push({ p: [...parent, i], ld: list[i] });
    return ops;
  }
  const old = list[index];
  return finerEdit(p, old, patch.value) ?? [{ p, ld: old, li: patch.value ?? null }];
}

function objectComponents(patch, object, key) {
  const p = patch.path;
  const exists = Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
  const old = object[key];
  if (patch.op === 'remove' || patch.value === undefined) return exists ? [{ p, od: old }] : [];
  if (!exists) return [{ p, oi: patch.value }];
  return finerEdit(p, old, patch.value) ?? [{ p, od: old, oi: patch.value }];
}

function componentsFor(patch, current) {
  if (patch.path.length === 0) return [{ p: [], od: current, oi: patch.value }];
  const parent = valueAt(current, patch.path.slice(0, -1));
  const key = patch.path[patch.path.length - 1];
  return Array.isArray(parent) ? listComponents(patch, parent, key) : objectComponents(patch, parent, key);
}

/** The json0 op equivalent to Immer `patches` made against `base`. */
export function patchesToJson0(base, patches) {
  const op = [];
  let current = base;
  for (const patch of patches) {
    const components = componentsFor(patch, current);
    if (components.length === 0) continue;
    current = applyJson0(current, components);
    op.push(...components);
  }
  return op;
}
