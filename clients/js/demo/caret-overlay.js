// Draws other people's carets over the textarea. A textarea cannot style parts of its text, so a
// transparent copy of the text with the same font, padding and wrapping lies on top of it, with a
// marker at each caret; it follows the textarea's scrolling.
import textUnicode from 'ot-text-unicode';
import { utf16Offset } from '../src/index.js';

export function caretOverlay(textarea, overlay) {
  let carets = []; // { name, colour, caret } with caret in code points

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
    /** The text changed by `op`: carets move with it until their owners report again. */
    shift(op) {
      for (const c of carets) if (c.caret != null) c.caret = textUnicode.type.transformPosition(c.caret, op);
      draw();
    },
    draw,
  };
}
