// One person with the demo open in two tabs of one browser (one context: shared localStorage,
// IndexedDB and Web Locks). Each tab is its own client (own src/seq, own queue records), so their
// edits never pass for each other's, and what a tab left queued when it went away is sent by
// exactly one tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, httpJson } from '../support/clients.js';
import {
  withServerAndBrowser, openTab, freshRoom, notesText, waitUntilReady, waitUntilSaved, setTabOffline, queuedRecordKeys, eventually, typeAt,
  recordSdkErrors, sdkErrors,
} from './support/demo-browser.js';

let server;
let browser;
withServerAndBrowser([], (up) => ({ server, browser } = up));

const serverDoc = async (id) => (await httpJson(docUrl(server, id))).body;

async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await recordSdkErrors(context);
  return context;
}

async function twoTabs(room) {
  const context = await newContext();
  const first = await openTab(context, server, { name: 'Ada', room });
  const second = await openTab(context, server, { name: 'Ada', room });
  return { context, first, second };
}

// A queue the tab could not read, save or adopt is a `storage` error: none is expected.
async function storageErrors(page) {
  return page.isClosed() ? [] : (await sdkErrors(page)).filter((error) => error.startsWith('storage'));
}

async function closeTabs(context, ...tabs) {
  const storage = (await Promise.all(tabs.map((tab) => storageErrors(tab.page)))).flat();
  await context.close();
  for (const tab of tabs) assert.deepEqual(tab.errors.map(String), [], 'no uncaught error in the page');
  assert.deepEqual(storage, [], 'no storage error');
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

test('a tab reloaded offline adopts a closed tab’s queue under its own src only, keeps it across another reload, and it is committed once', { timeout: 120000 }, async () => {
  const room = freshRoom();
  const context = await newContext();
  const adopting = await openTab(context, server, { name: 'Ada', room });
  const closing = await openTab(context, server, { name: 'Ada', room });
  try {
    await adopting.page.waitForSelector('body[data-offline-ready="true"]'); // the service worker keeps the page
    await typeAt(closing.page, 'end', ['kept:']);
    await waitUntilSaved(closing.page);
    await eventually(async () => (await notesText(adopting.page)) === 'kept:', 15000, 'the text in the adopting tab');

    await setTabOffline(closing.page, true);
    await closing.page.waitForSelector('body[data-status="offline"]');
    await typeAt(closing.page, 'end', [' queued-in-the-closed-tab']);
    const notesId = await closing.page.evaluate(() => window.lockstepDemo.notes.id);
    const closedSrc = await closing.page.evaluate(() => window.lockstepDemo.client.src);
    await eventually(async () => (await queuedRecordKeys(closing.page)).length === 1, 10000, 'the queue in IndexedDB');
    await typeAt(adopting.page, 'start', ['ahead ']);
    await waitUntilSaved(adopting.page);
    await setTabOffline(adopting.page, true);
    await adopting.page.waitForSelector('body[data-status="offline"]');
    await closing.page.close(); // its lock is released: its queue is an orphan

    // The offline tab is ahead of the orphan and cannot fetch the ops between: each adoption
    // round (every 5 s) gives up and leaves the record where it is, for a later try.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    assert.deepEqual(await queuedRecordKeys(adopting.page), [[notesId, closedSrc]], 'the orphan left in place');

    // Reloaded (still offline, from the service worker) the tab knows nothing of the notes and
    // adopts the orphan as it is: moved under its own src in IndexedDB, not just shown.
    const offlineText = 'kept: queued-in-the-closed-tab';
    const ownRecordOnly = async () => {
      const src = await adopting.page.evaluate(() => window.lockstepDemo.client.src);
      return JSON.stringify(await queuedRecordKeys(adopting.page)) === JSON.stringify([[notesId, src]]);
    };
    for (let reload = 1; reload <= 2; reload++) {
      await adopting.page.reload();
      await waitUntilReady(adopting.page, { online: false });
      await eventually(async () => (await notesText(adopting.page)) === offlineText, 20000, `the closed tab’s words after reload ${reload}`);
      await eventually(ownRecordOnly, 10000, `the queue under the adopting page’s src only after reload ${reload}`);
      assert.deepEqual(await storageErrors(adopting.page), [], `no storage error after reload ${reload}`);
    }

    await setTabOffline(adopting.page, false);
    await waitUntilReady(adopting.page);
    await waitUntilSaved(adopting.page);
    const expected = 'ahead kept: queued-in-the-closed-tab';
    await eventually(async () => (await serverDoc(`demo/${room}/notes`)).data === expected, 20000, 'the queued words on the server, once');
    await eventually(async () => (await notesText(adopting.page)) === expected, 20000, 'the tab showing what the server holds');
    await eventually(async () => (await queuedRecordKeys(adopting.page)).length === 0, 20000, 'no queue left in IndexedDB');
  } finally {
    await closeTabs(context, adopting, closing);
  }
});
