// One person with the demo open in two tabs of one browser (one context: shared localStorage,
// IndexedDB and Web Locks). Each tab is its own client (own src/seq, own queue records), so their
// edits never pass for each other's, and what a tab left queued when it went away is sent by
// exactly one tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.js';
import { docUrl, httpJson } from '../support/clients.js';
import {
  launchChromium, openTab, freshRoom, notesText, waitUntilReady, waitUntilSaved, setTabOffline, queuedRecordKeys, eventually, typeAt,
} from './support/demo-browser.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const serverDoc = async (id) => (await httpJson(docUrl(server, id))).body;

async function twoTabs(room) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const first = await openTab(context, server, { name: 'Ada', room });
  const second = await openTab(context, server, { name: 'Ada', room });
  return { context, first, second };
}

async function closeTabs(context, ...tabs) {
  await context.close();
  for (const tab of tabs) assert.deepEqual(tab.errors.map(String), [], 'no uncaught error in the page');
}

test('two tabs of one browser have their own src and typing into both at once keeps every keystroke', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const { context, first, second } = await twoTabs(room);
  try {
    const srcs = await Promise.all([first.page, second.page].map((page) => page.evaluate(() => window.lockstepDemo.client.src)));
    assert.notEqual(srcs[0], srcs[1]);
    await typeAt(first.page, 'end', ['[middle]']);
    await eventually(async () => (await notesText(second.page)) === '[middle]', 15000, 'the first tab’s text in the second');

    const firstWords = ['first tab typing here. ', 'and more. '];
    const secondWords = [' second tab typing there.', ' and so on.'];
    await Promise.all([typeAt(first.page, 'start', firstWords), typeAt(second.page, 'end', secondWords)]);
    await Promise.all([waitUntilSaved(first.page), waitUntilSaved(second.page)]);

    const expected = firstWords.join('') + '[middle]' + secondWords.join('');
    await eventually(async () => (await notesText(first.page)) === expected && (await notesText(second.page)) === expected,
      15000, 'both tabs showing the merged text');
    assert.equal((await serverDoc(`demo/${room}/notes`)).data, expected);
  } finally {
    await closeTabs(context, first, second);
  }
});

test('clicks on the counter in two tabs at once all count', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const { context, first, second } = await twoTabs(room);
  try {
    const click = async (page, times) => {
      for (let i = 0; i < times; i++) await page.click('#increment');
    };
    await Promise.all([click(first.page, 7), click(second.page, 5)]);
    await Promise.all([waitUntilSaved(first.page), waitUntilSaved(second.page)]);
    await eventually(async () => (await first.page.textContent('#count')) === '12' && (await second.page.textContent('#count')) === '12',
      15000, 'both counters at 12');
    assert.equal((await serverDoc(`demo/${room}/board`)).value.count, 12);
  } finally {
    await closeTabs(context, first, second);
  }
});

test('a tab that goes offline and reloads keeps its edits while the other tab stays online, and both end equal', { timeout: 120000 }, async () => {
  const room = freshRoom();
  const { context, first, second } = await twoTabs(room);
  try {
    await typeAt(first.page, 'end', ['shared:']);
    await waitUntilSaved(first.page);
    await eventually(async () => (await notesText(second.page)) === 'shared:', 15000, 'the text in the second tab');
    await second.page.waitForSelector('body[data-offline-ready="true"]'); // the service worker keeps the page

    await setTabOffline(second.page, true);
    await second.page.waitForSelector('body[data-status="offline"]');
    assert.equal(await first.page.getAttribute('body', 'data-status'), 'online', 'the other tab stays online');

    // Both type at once: the second tab into its offline queue, the first one live. The second
    // also clicks the counter while offline.
    await Promise.all([
      typeAt(second.page, 'end', [' offline-one', ' offline-two']),
      typeAt(first.page, 'start', ['online-one ', 'online-two ']),
    ]);
    for (let i = 0; i < 3; i++) await second.page.click('#increment');
    await first.page.click('#increment');
    await waitUntilSaved(first.page);
    assert.equal(await notesText(second.page), 'shared: offline-one offline-two');

    // Reload while still offline: the page comes back from the service worker. Its queue, left by
    // the previous page, is adopted by one tab: this one (shown at once) or the online one (sent
    // at once).
    await second.page.reload();
    await second.page.waitForSelector('body[data-status="offline"]');
    await typeAt(first.page, 'end', [' after-reload']);
    await waitUntilSaved(first.page);

    await setTabOffline(second.page, false);
    await waitUntilReady(second.page);
    await waitUntilSaved(second.page);
    const expected = 'online-one online-two shared: offline-one offline-two after-reload';
    await eventually(async () => (await serverDoc(`demo/${room}/notes`)).data === expected, 20000, 'every keystroke on the server');
    await eventually(async () => (await notesText(first.page)) === expected && (await notesText(second.page)) === expected,
      20000, 'both tabs showing what the server holds');
    await eventually(async () => (await serverDoc(`demo/${room}/board`)).value?.count === 4, 20000, 'every click counted');
    await eventually(async () => (await first.page.textContent('#count')) === '4' && (await second.page.textContent('#count')) === '4',
      20000, 'both counters at 4');
    // Nothing is left queued in the browser: the adopted queue was sent once and removed.
    await eventually(async () => (await queuedRecordKeys(first.page)).length === 0, 20000, 'no queue left in IndexedDB');
  } finally {
    await closeTabs(context, first, second);
  }
});

test('what a tab queued offline before it was closed is sent once by the tab still open', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const { context, first, second } = await twoTabs(room);
  try {
    await typeAt(first.page, 'end', ['kept:']);
    await waitUntilSaved(first.page);
    await eventually(async () => (await notesText(second.page)) === 'kept:', 15000, 'the text in the second tab');
    await setTabOffline(second.page, true);
    await second.page.waitForSelector('body[data-status="offline"]');
    await typeAt(second.page, 'end', [' from-the-closed-tab']);
    await second.page.click('#increment');
    await eventually(async () => (await queuedRecordKeys(second.page)).length === 2, 10000, 'the queue in IndexedDB');
    await typeAt(first.page, 'start', ['open-tab ']);
    await second.page.close(); // gone for good: its lock is released, its queue is an orphan

    const expected = 'open-tab kept: from-the-closed-tab';
    await eventually(async () => (await notesText(first.page)) === expected, 30000, 'the closed tab’s words in the open tab');
    await waitUntilSaved(first.page);
    assert.equal((await serverDoc(`demo/${room}/notes`)).data, expected);
    await eventually(async () => (await serverDoc(`demo/${room}/board`)).value?.count === 1, 20000, 'the click counted');
    await eventually(async () => (await queuedRecordKeys(first.page)).length === 0, 20000, 'no queue left in IndexedDB');
  } finally {
    await closeTabs(context, first, second);
  }
});
