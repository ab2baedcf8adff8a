// A shared counter: a json0 document { count }, raised with an `na` (number add) op, so clicks made
// at the same time on different screens add up instead of overwriting each other.
export function bindCounter(doc, { output, button, onIncrement }) {
  const render = () => (output.textContent = String(doc.data?.count ?? '–'));
  doc.on('change', render);
  render();
  button.disabled = false;
  button.addEventListener('click', () => {
    doc.submit([{ p: ['count'], na: 1 }]);
    onIncrement(doc.data.count);
  });
}
