// The demo on a server with authentication on: it connects with a token from ?token= and says
// what is missing without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl } from '../support/clients.js';
import { hs256Token } from '../support/jwt.js';
import { withServerAndBrowser, openDemo, freshRoom, waitUntilSaved } from './support/demo-browser.js';

const SECRET = 'demo-test-secret-that-is-long-enough-for-hs256';
let server;
let browser;
withServerAndBrowser(['--jwt-secret', SECRET], (up) => ({ server, browser } = up));

test('with a token in the address the demo edits, and its user is the token’s subject', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const token = hs256Token(SECRET, {
    sub: 'ada-42',
    lockstep: { read: ['demo/*'], write: ['demo/*'], presence: ['doc:demo/*'], publish: ['demo/*'] },
  });
  const ada = await openDemo(browser, server, { name: 'Ada', room, token });
  try {
    await ada.page.click('#notes');
    await ada.page.keyboard.type('signed in');
    await waitUntilSaved(ada.page);
    const stored = await fetch(docUrl(server, `demo/${room}/notes`), { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await stored.json()).data, 'signed in');
    await ada.page.waitForSelector('#people li[data-user="ada-42"]');
  } finally {
    await ada.context.close();
  }
  assert.deepEqual(ada.errors.map(String), []);
});

test('without a token the demo says the server asks for one', { timeout: 60000 }, async () => {
  const anonymous = await openDemo(browser, server, { name: 'Anon', room: freshRoom(), ready: false });
  try {
    await anonymous.page.waitForSelector('#auth-banner:not([hidden])');
    assert.equal(await anonymous.page.getAttribute('body', 'data-status'), 'unauthorized');
    assert.equal(await anonymous.page.isDisabled('#notes'), true);
  } finally {
    await anonymous.context.close();
  }
});
