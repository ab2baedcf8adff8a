// Draws other people's carets over the textarea. A textarea cannot style parts of its text, so a
// transparent copy of the text with the same font, padding and wrapping lies on top of it, with a
// marker at each caret; it follows the textarea's scrolling. Between two presence updates the
// carets move with the edits that arrive; the author's own caret moves past what they typed.
import textUnicode from 'ot-text-unicode';
import { utf16Offset } from '../src/index.js';

export function caretOverlay(textarea, overlay) {
  let carets = []; // presence meta: { name, colour, caret (in code points), src (sync client id) }

  const draw = () => {
    const text = textarea.value;
    const shown = carets
      .filter((c) => c.caret != null)
      .map((c) => ({ ...c, at: utf16Offset(text, c.caret) }))
      .sort((a, b) => a.at - b.at);
    const parts = [];
    let from = 0;
    for (const c of shown) {
      parts.push(document.createTextNode(text.slice(from, c.at)));
      const marker = document.createElement('span');
      marker.className = 'remote-caret';
      marker.style.setProperty('--colour', c.colour ?? '#888');
      marker.dataset.name = c.name ?? '';
      parts.push(marker);
      from = c.at;
    }
    // A trailing newline needs something after it, or the last empty line has no height.
    parts.push(document.createTextNode(text.slice(from) + '\u200b'));
    overlay.replaceChildren(...parts);
    overlay.scrollTop = textarea.scrollTop;
  };

  textarea.addEventListener('scroll', () => (overlay.scrollTop = textarea.scrollTop));
  new ResizeObserver(draw).observe(textarea);

  return {
    /** The others' latest presence meta. */
    show(metas) {
      carets = metas.map((meta) => ({ ...meta }));
      draw();
    },
    /** The text is about to change by `op`, made by client `authorSrc` (call draw() after). */
    shift(op, authorSrc) {
      for (const c of carets) {
        if (c.caret == null) continue;
        c.caret = c.src === authorSrc ? positionPastOwnEdit(c.caret, op) : textUnicode.type.transformPosition(c.caret, op);
      }
    },
    draw,
  };
}

// transformPosition leaves a caret in front of text inserted right at it, but an author's caret
// ends up after what they typed: transform a one-character insert at the caret, letting the op's
// inserts go first, and read where it landed.
function positionPastOwnEdit(caret, op) {
  const [first] = textUnicode.type.transform(caret > 0 ? [caret, '|'] : ['|'], op, 'right');
  return typeof first === 'number' ? first : 0;
}
