// A json0 op that turns one JSON value into another, made of the smallest components that say
// what changed, so that concurrent edits of other people merge instead of being overwritten:
// - a number that changed is an `na` (the difference): two people adding to a counter both count;
// - a string is text edits (`si`/`sd`), see text-diff.js;
// - a list is the items inserted and deleted (`li`/`ld`) by a longest-common-subsequence diff, an
//   item changed in place is diffed inside, and one item moved elsewhere is an `lm`;
// - an object is its keys inserted, deleted or diffed inside (`oi`/`od`).
// Subtrees that are the same object (===) are skipped without a look, so diffing two states of an
// immutable store costs only what changed.
import { diffArrays } from 'diff';
import { json0StringOps } from './text-diff.js';

// Lists whose changed middle needs more edits than this are replaced item by item instead.
const MAX_LIST_EDITS = 1000;

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Equal JSON values compare equal by this key; values of different shape never do.
function itemKey(value) {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : `${typeof value}:${value}`;
}

function diffObject(path, before, after, ops) {
  for (const key of Object.keys(before)) {
    if (!(key in after) || after[key] === undefined) ops.push({ p: [...path, key], od: before[key] });
  }
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (!(key in before) || before[key] === undefined) ops.push({ p: [...path, key], oi: after[key] });
    else diffValue([...path, key], before[key], after[key], ops, (c) => ({ ...c, od: before[key], oi: after[key] }));
  }
}

// One item taken out of the list and put back elsewhere, nothing else changed: an `lm`.
function singleMove(before, after) {
  if (before.length !== after.length || before.length < 2) return null;
  let first = 0;
  while (first < before.length && before[first] === after[first]) first++;
  let last = before.length - 1;
  while (last > first && before[last] === after[last]) last--;
  if (first >= last) return null;
  const same = (a, b) => a.every((item, i) => item === b[i]);
  // Moved down: before[first] now sits at `last`; moved up: before[last] now sits at `first`.
  if (before[first] === after[last] && same(before.slice(first + 1, last + 1), after.slice(first, last))) return { from: first, to: last };
  if (before[last] === after[first] && same(before.slice(first, last), after.slice(first + 1, last + 1))) return { from: last, to: first };
  return null;
}

// Is `after` the same row as `before`, changed (diffed inside), or a different one (deleted and
// inserted)? Rows with an `id` are the same when it is; others when most of their fields are. A
// different row must never be diffed inside: a concurrent delete of the old one would drop the
// changes, and with them the new row.
function sameRow(before, after) {
  if (!isObject(before) || !isObject(after)) return false;
  if ('id' in before || 'id' in after) return itemKey(before.id) === itemKey(after.id);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let equal = 0;
  for (const key of keys) if (key in before && key in after && itemKey(before[key]) === itemKey(after[key])) equal++;
  return equal * 2 > keys.size;
}

function diffList(path, before, after, ops) {
  const move = singleMove(before, after);
  if (move) {
    ops.push({ p: [...path, move.from], lm: move.to });
    return;
  }
  const keysBefore = before.map(itemKey);
  const keysAfter = after.map(itemKey);
  const parts = diffArrays(keysBefore, keysAfter, { maxEditLength: MAX_LIST_EDITS });
  if (!parts) {
    replaceListItems(path, before, after, ops);
    return;
  }
  // Walk the hunks with `at` = the index in the list as the components so far have left it.
  let at = 0;
  let from = 0; // index in `before`
  let to = 0; // index in `after`
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      at += part.count;
      from += part.count;
      to += part.count;
      continue;
    }
    const next = parts[i + 1];
    const removed = part.removed ? part.count : 0;
    const added = part.removed ? (next?.added ? next.count : 0) : part.count;
    if (part.removed && next?.added) i++;
    // A row changed in place is diffed inside (a changed field stays a change of that field), even
    // when rows were inserted or deleted around it in the same stretch; the rest are deleted or
    // inserted.
    let r = 0;
    let a = 0;
    for (const [pr, pa] of [...pairRows(before, from, removed, after, to, added), [removed, added]]) {
      for (; r < pr; r++) ops.push({ p: [...path, at], ld: before[from + r] });
      for (; a < pa; a++) ops.push({ p: [...path, at++], li: after[to + a] });
      if (pr === removed) break;
      const old = before[from + r++];
      const now = after[to + a++];
      diffValue([...path, at++], old, now, ops, (c) => ({ ...c, ld: old, li: now }));
    }
    from += removed;
    to += added;
  }
}

// Past this many comparisons a stretch pairs only the rows at its start, in the same place.
const MAX_ROW_COMPARISONS = 10000;

// The rows of a changed stretch (`removed` items of `before` from `from`, `added` of `after` from
// `to`) that are the same row changed, as [index in removed, index in added] pairs, in order.
function pairRows(before, from, removed, after, to, added) {
  const pairs = [];
  if (removed * added > MAX_ROW_COMPARISONS) {
    while (pairs.length < Math.min(removed, added) && sameRow(before[from + pairs.length], after[to + pairs.length])) {
      pairs.push([pairs.length, pairs.length]);
    }
    return pairs;
  }
  let next = 0;
  for (let r = 0; r < removed && next < added; r++) {
    for (let a = next; a < added; a++) {
      if (sameRow(before[from + r], after[to + a])) {
        pairs.push([r, a]);
        next = a + 1;
        break;
      }
    }
  }
  return pairs;
}

function replaceListItems(path, before, after, ops) {
  for (let i = before.length - 1; i >= 0; i--) ops.push({ p: [...path, i], ld: before[i] });
  for (let i = 0; i < after.length; i++) ops.push({ p: [...path, i], li: after[i] });
}

// `replace` builds the component that swaps the whole value, for when no finer edit fits.
function diffValue(path, before, after, ops, replace) {
  if (before === after) return;
  if (typeof before === 'number' && typeof after === 'number') {
    const difference = after - before;
    // Floating point: use the difference only when adding it gives exactly the new number.
    if (Number.isFinite(difference) && before + difference === after) ops.push({ p: path, na: difference });
    else ops.push(replace({ p: path }));
  } else if (typeof before === 'string' && typeof after === 'string') {
    ops.push(...json0StringOps(path, before, after));
  } else if (Array.isArray(before) && Array.isArray(after)) {
    diffList(path, before, after, ops);
  } else if (isObject(before) && isObject(after)) {
    diffObject(path, before, after, ops);
  } else if (itemKey(before) !== itemKey(after)) {
    ops.push(replace({ p: path }));
  }
}

/** The json0 op that turns `before` into `after`. */
export function diffJson0(before, after) {
  const ops = [];
  diffValue([], before, after, ops, (c) => ({ ...c, od: before, oi: after }));
  return ops;
}
