// A json0 op that turns one JSON value into another. Subtrees that are the same object (===)
// are skipped without a look, so diffing two states of an immutable store costs only what
// changed. Lists keep their common prefix and suffix and replace the middle; strings become
// text edits; anything else that differs is replaced.
import { json0StringOps } from './text-diff.js';

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonEqual(a, b) {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
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

function diffList(path, before, after, ops) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const changedBefore = endBefore - start;
  const changedAfter = endAfter - start;
  if (changedBefore === changedAfter) {
    // Same length in the middle: edit each element where it is (keeps nested edits small).
    for (let i = start; i < endBefore; i++) {
      diffValue([...path, i], before[i], after[i], ops, (c) => ({ ...c, ld: before[i], li: after[i] }));
    }
    return;
  }
  for (let i = endBefore - 1; i >= start; i--) ops.push({ p: [...path, i], ld: before[i] });
  for (let i = start; i < endAfter; i++) ops.push({ p: [...path, i], li: after[i] });
}

// `replace` builds the component that swaps the whole value, for when no finer edit fits.
function diffValue(path, before, after, ops, replace) {
  if (before === after) return;
  if (typeof before === 'string' && typeof after === 'string') ops.push(...json0StringOps(path, before, after));
  else if (Array.isArray(before) && Array.isArray(after)) diffList(path, before, after, ops);
  else if (isObject(before) && isObject(after)) diffObject(path, before, after, ops);
  else if (!jsonEqual(before, after)) ops.push(replace({ p: path }));
}

/** The json0 op that turns `before` into `after`. */
export function diffJson0(before, after) {
  const ops = [];
  diffValue([], before, after, ops, (c) => ({ ...c, od: before, oi: after }));
  return ops;
}
