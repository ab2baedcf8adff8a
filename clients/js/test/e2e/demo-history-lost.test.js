// The demo on a server that keeps only a few ops of history: notes typed offline cannot be rebuilt
// when, meanwhile, others edited far past that history and then deleted the notes. The demo says
// so with the same notice as for a refused edit, naming the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, httpJson } from '../support/clients.js';
import { withServerAndBrowser, openDemo, freshRoom, notesText, typeAt, setTabOffline, waitUntilSaved } from './support/demo-browser.js';

const RETAIN_OPS = 3;
let server;
let browser;
withServerAndBrowser(['--retain-ops', String(RETAIN_OPS), '--snapshot-every', '2'], (up) => ({ server, browser } = up));

test('notes typed offline that could not be kept after the history was trimmed are named in the demo’s notice', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const notesUrl = docUrl(server, `demo/${room}/notes`);
  const ada = await openDemo(browser, server, { name: 'Ada', room });
  try {
    await typeAt(ada.page, 'end', ['before:']);
    await waitUntilSaved(ada.page);
    await setTabOffline(ada.page, true);
    await ada.page.waitForSelector('body[data-status="offline"]');
    await typeAt(ada.page, 'end', [' typed offline']);
    assert.equal(await notesText(ada.page), 'before: typed offline');

    // Others: twice as many ops as the server keeps, then the notes deleted.
    for (let i = 0; i < 2 * RETAIN_OPS; i++) {
      const { v } = (await httpJson(notesUrl)).body;
      const reply = await httpJson(`${notesUrl}/ops`, 'POST', { v, op: [`other-${i} `] });
      assert.ok(reply.status < 300, `op ${i}: ${reply.status}`);
    }
    assert.ok((await httpJson(notesUrl, 'DELETE')).status < 300, 'the notes deleted');
    assert.equal(await ada.page.isHidden('#lost-notice'), true);

    await setTabOffline(ada.page, false);
    await ada.page.waitForSelector('#lost-notice:not([hidden])', { timeout: 20000 });
    assert.equal(await ada.page.getAttribute('#lost-notice', 'data-reason'), 'history_lost');
    assert.match(await ada.page.textContent('#lost-text'), /notes could not be kept: while you were away, others removed what it changed/);
  } finally {
    await ada.context.close();
  }
  assert.deepEqual(ada.errors.map(String), []);
});
