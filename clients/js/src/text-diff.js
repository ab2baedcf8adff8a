// The single edit that turns one string into another: keep the common prefix and suffix, replace
// what lies between. Good enough for typing and pasting, and it never splits a surrogate pair.

function isHighSurrogate(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** { start, removed, inserted } in UTF-16 offsets, or null when the strings are equal. */
export function stringEdit(before, after) {
  if (before === after) return null;
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
  return { start, removed: before.slice(start, endBefore), inserted: after.slice(start, endAfter) };
}

/** json0 components at `path` that turn the string `before` into `after`. */
export function json0StringOps(path, before, after) {
  const edit = stringEdit(before, after);
  if (!edit) return [];
  const p = [...path, edit.start];
  const ops = [];
  if (edit.removed) ops.push({ p, sd: edit.removed });
  if (edit.inserted) ops.push({ p, si: edit.inserted });
  return ops;
}

/** The text-unicode op (counting code points) that turns `before` into `after`. */
export function textUnicodeOp(before, after) {
  const edit = stringEdit(before, after);
  if (!edit) return [];
  const op = [];
  const skip = [...before.slice(0, edit.start)].length;
  if (skip > 0) op.push(skip);
  if (edit.removed) op.push({ d: edit.removed });
  if (edit.inserted) op.push(edit.inserted);
  return op;
}
