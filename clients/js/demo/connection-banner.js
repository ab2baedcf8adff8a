// The connection as the user sees it: a status pill; while offline, a banner with the number of
// edits waiting in this browser (kept in IndexedDB by the SDK, so they survive a reload); and a
// banner when the server refuses to talk without a token.
export function showConnection(client, docs, { pill, banner, queued, authBanner }) {
  let refused = false;
  const render = () => {
    const { status } = client;
    const count = client.queuedEdits;
    pill.dataset.status = status;
    pill.textContent = refused ? 'token needed' : status === 'online' ? (count > 0 ? 'saving…' : 'online') : status;
    banner.hidden = status === 'online' || refused;
    authBanner.hidden = !refused;
    queued.textContent = `${count} ${count === 1 ? 'edit' : 'edits'}`;
    document.body.dataset.status = refused ? 'unauthorized' : status;
  };
  client.on('status', ({ status }) => {
    if (status === 'online') refused = false;
    render();
  });
  client.on('error', (error) => {
    if (error.code !== 'unauthorized') return;
    refused = true;
    render();
  });
  for (const doc of docs) {
    doc.ready.then(render); // edits restored from IndexedDB after a reload come with no event
    doc.on('change', render);
    doc.on('ack', render);
  }
  render();
}
