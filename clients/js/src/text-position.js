// Where a caret (or any position in a text) ends up after an op: what a text box needs to keep the
// user's selection in place when someone else's edit arrives. Text boxes count UTF-16 units,
// text-unicode ops count code points, so the position is converted on the way in and out.
import textUnicode from 'ot-text-unicode';

function codePointsBefore(text, utf16Offset) {
  return [...text.slice(0, utf16Offset)].length;
}

function utf16OffsetOf(text, codePoints) {
  let offset = 0;
  for (const char of text) {
    if (codePoints-- <= 0) break;
    offset += char.length;
  }
  return offset;
}

/**
 * The UTF-16 offset in `after` (= `before` with `op` applied) that `position` in `before` moved to.
 * Text inserted exactly at the position goes after it (the caret stays in front of it).
 */
export function textPositionAfter(before, position, op, after = textUnicode.type.apply(before, op)) {
  const moved = textUnicode.type.transformPosition(codePointsBefore(before, position), op);
  return utf16OffsetOf(after, moved);
}

/** The code-point offset of a UTF-16 offset: how positions travel between clients (presence meta). */
export function codePointOffset(text, utf16Offset) {
  return codePointsBefore(text, utf16Offset);
}

/** The UTF-16 offset of a code-point offset, clamped to the text. */
export function utf16Offset(text, codePointOffset) {
  return utf16OffsetOf(text, codePointOffset);
}
