// The connection as the user sees it: a status pill, and while offline a banner with the number of
// edits waiting in this browser (kept in IndexedDB by the SDK, so they survive a reload).
export function showConnection(client, docs, { pill, banner, queued }) {
  const render = () => {
    const { status } = client;
    const count = client.queuedEdits;
    pill.dataset.status = status;
    pill.textContent = status === 'online' ? (count > 0 ? 'saving…' : 'online') : status;
    banner.hidden = status === 'online';
    queued.textContent = `${count} ${count === 1 ? 'edit' : 'edits'}`;
    document.body.dataset.status = status;
  };
  client.on('status', render);
  for (const doc of docs) {
    doc.ready.then(render); // edits restored from IndexedDB after a reload come with no event
    doc.on('change', render);
    doc.on('ack', render);
  }
  render();
}
