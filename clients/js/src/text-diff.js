// Text edits that turn one string into another. The common prefix and suffix are kept as they are
// (cheap, and all a keystroke needs); what lies between is compared character by character (a
// Myers diff over code points, from the `diff` package), so an edit made in several places becomes
// several small edits instead of one that replaces everything between them. That keeps other
// people's text inserted between those places where it was typed. A surrogate pair is never split.
import { diffArrays } from 'diff';

// Past this many edited characters the middle is replaced as one piece: the diff would be slow and
// nobody's intent is clear in a rewrite that large.
const MAX_DIFFED_EDITS = 2000;

function isHighSurrogate(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

function commonEnds(before, after) {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  return { start, endBefore, endAfter };
}

/**
 * The edits that turn `before` into `after`, in order: [{ at, removed, inserted }] where `at` is a
 * UTF-16 offset in `before`. Empty when the strings are equal.
 */
export function stringEdits(before, after) {
  if (before === after) return [];
  const { start, endBefore, endAfter } = commonEnds(before, after);
  const removed = before.slice(start, endBefore);
  const inserted = after.slice(start, endAfter);
  const whole = [{ at: start, removed, inserted }];
  if (!removed || !inserted) return whole;
  const parts = diffArrays([...removed], [...inserted], { maxEditLength: MAX_DIFFED_EDITS });
  if (!parts) return whole;
  const edits = [];
  let at = start;
  for (const part of parts) {
    const text = part.value.join('');
    if (!part.added && !part.removed) {
      at += text.length;
      continue;
    }
    const last = edits[edits.length - 1];
    const edit = last && last.at + last.removed.length === at ? last : { at, removed: '', inserted: '' };
    if (edit !== last) edits.push(edit);
    if (part.removed) {
      edit.removed += text;
      at += text.length;
    } else {
      edit.inserted += text;
    }
  }
  return edits;
}

/** json0 components at `path` that turn the string `before` into `after` (last edit first, so
 * each offset is still the one in `before`). */
export function json0StringOps(path, before, after) {
  const ops = [];
  for (const edit of stringEdits(before, after).reverse()) {
    const p = [...path, edit.at];
    if (edit.removed) ops.push({ p, sd: edit.removed });
    if (edit.inserted) ops.push({ p, si: edit.inserted });
  }
  return ops;
}

/** The text-unicode op (counting code points) that turns `before` into `after`. */
export function textUnicodeOp(before, after) {
  const op = [];
  let done = 0; // UTF-16 offset in `before` up to which the op has walked
  for (const edit of stringEdits(before, after)) {
    const skip = [...before.slice(done, edit.at)].length;
    if (skip > 0) op.push(skip);
    if (edit.removed) op.push({ d: edit.removed });
    if (edit.inserted) op.push(edit.inserted);
    done = edit.at + edit.removed.length;
  }
  return op;
}
