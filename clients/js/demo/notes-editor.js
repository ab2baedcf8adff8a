// A textarea bound to a text-unicode document: what the user types is diffed into an op and
// submitted at once; edits from others are applied with the caret and selection moved along, so
// typing is never interrupted by someone else's edit.
import { textUnicodeOp, textPositionAfter } from '../src/index.js';

export function bindNotes(doc, textarea, { onCaretMove }) {
  textarea.value = doc.data ?? '';
  textarea.disabled = false;

  // The textarea always equals doc.data between events: each input is submitted as it happens.
  textarea.addEventListener('input', () => {
    const op = textUnicodeOp(doc.data, textarea.value);
    if (op.length > 0) doc.submit(op);
  });

  doc.on('change', ({ source, op }) => {
    if (source === 'local') return;
    const before = textarea.value;
    const after = doc.data ?? '';
    const { selectionStart, selectionEnd, selectionDirection, scrollTop } = textarea;
    // A snapshot replaces the text wholesale: nothing to move the caret along, so keep its offset.
    const move = op ? (position) => textPositionAfter(before, position, op, after) : (position) => Math.min(position, after.length);
    textarea.value = after;
    textarea.setSelectionRange(move(selectionStart), move(selectionEnd), selectionDirection);
    textarea.scrollTop = scrollTop;
    onCaretMove();
  });

  for (const event of ['input', 'select', 'keyup', 'mouseup', 'focus', 'blur']) textarea.addEventListener(event, onCaretMove);
}
