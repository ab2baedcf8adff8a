// Tells the user when an edit of theirs could not be kept: the server refused it (too large, not
// allowed, invalid), or they were away longer than the server keeps history and others deleted
// what the edit changed. The SDK has already undone it on screen; this says why.
const WHY = {
  history_lost: 'while you were away, others removed what it changed',
  too_large: 'the document would have grown past the size this server allows',
  forbidden: 'your token does not allow editing it',
  invalid_op: 'the server could not apply it',
};

export function showLostEdits(docs, { notice, text, dismiss }) {
  dismiss.addEventListener('click', () => (notice.hidden = true));
  for (const [name, doc] of Object.entries(docs)) {
    doc.on('lost', ({ reason }) => {
      text.textContent = `An edit of yours to the ${name} could not be kept: ${WHY[reason] ?? `the server refused it (${reason})`}.`;
      notice.dataset.reason = reason;
      notice.hidden = false;
    });
  }
}
