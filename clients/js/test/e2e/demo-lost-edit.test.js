// The demo on a server with a small document limit: an edit the server refuses is undone on
// screen, and a notice says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, httpJson } from '../support/clients.js';
import { withServerAndBrowser, openDemo, freshRoom, notesText, waitUntilSaved } from './support/demo-browser.js';

let server;
let browser;
withServerAndBrowser(['--max-doc-bytes', '400'], (up) => ({ server, browser } = up));

test('an edit the server refuses is undone and the demo says it could not be kept', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const ada = await openDemo(browser, server, { name: 'Ada', room });
  try {
    await ada.page.click('#notes');
    await ada.page.keyboard.type('short note');
    await waitUntilSaved(ada.page);
    assert.equal(await ada.page.isHidden('#lost-notice'), true);

    await ada.page.keyboard.insertText(' ' + 'far too long '.repeat(40)); // one paste, past 400 bytes
    await ada.page.waitForSelector('#lost-notice:not([hidden])');
    assert.equal(await ada.page.getAttribute('#lost-notice', 'data-reason'), 'too_large');
    assert.match(await ada.page.textContent('#lost-text'), /notes could not be kept: the document would have grown past/);
    await waitUntilSaved(ada.page);
    assert.equal(await notesText(ada.page), 'short note');
    assert.equal((await httpJson(docUrl(server, `demo/${room}/notes`))).body.data, 'short note');
    await ada.page.click('#lost-dismiss');
    assert.equal(await ada.page.isHidden('#lost-notice'), true);
  } finally {
    await ada.context.close();
  }
  assert.deepEqual(ada.errors.map(String), []);
});
