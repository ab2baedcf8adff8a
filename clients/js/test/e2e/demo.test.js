// The demo app in real browsers: two people (two browser contexts, each with its own storage) type,
// go offline, reload, click and come and go, and every screen ends up agreeing with the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { docUrl, httpJson } from '../support/clients.js';
import {
  withServerAndBrowser, openDemo, freshRoom, notesText, waitUntilReady, waitUntilSaved, queuedNotesInIndexedDb, eventually, typeAt, ARTIFACTS,
} from './support/demo-browser.js';

let server;
let browser;
withServerAndBrowser([], (up) => ({ server, browser } = up));

const serverDoc = async (id) => (await httpJson(docUrl(server, id))).body;

// Opens the room as Ada first, so that her page creates the documents, then as Bob.
async function adaAndBob(room) {
  const ada = await openDemo(browser, server, { name: 'Ada', room });
  const bob = await openDemo(browser, server, { name: 'Bob', room });
  return { ada, bob };
}

async function closeAll(...people) {
  for (const person of people) {
    await person.context.close();
    assert.deepEqual(person.errors.map(String), [], 'no uncaught error in the page');
  }
}

test('two people typing into the same notes at once end with the same text as the server', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const { ada, bob } = await adaAndBob(room);
  try {
    await typeAt(ada.page, 'end', ['[middle]']);
    await eventually(async () => (await notesText(bob.page)) === '[middle]', 10000, "Ada's text on Bob's screen");

    // Ada types at the start while Bob types at the end: each one's caret must stay where it is
    // while the other's keystrokes arrive, so each one's words stay together.
    const adaWords = ['alpha ', 'bravo ', 'charlie ', 'delta ', 'echo '];
    const bobWords = [' one', ' two', ' three', ' four', ' five'];
    await Promise.all([typeAt(ada.page, 'start', adaWords), typeAt(bob.page, 'end', bobWords)]);
    await Promise.all([waitUntilSaved(ada.page), waitUntilSaved(bob.page)]);

    const expected = adaWords.join('') + '[middle]' + bobWords.join('');
    await eventually(async () => (await notesText(ada.page)) === expected && (await notesText(bob.page)) === expected,
      10000, 'both screens showing the merged text');
    assert.equal((await serverDoc(`demo/${room}/notes`)).data, expected);
  } finally {
    await closeAll(ada, bob);
  }
});

test('edits made offline survive a reload and merge with what others wrote meanwhile', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const { ada, bob } = await adaAndBob(room);
  try {
    await typeAt(ada.page, 'end', ['shared:']);
    await waitUntilSaved(ada.page);
    await ada.page.waitForSelector('body[data-offline-ready="true"]'); // the service worker keeps the page

    await ada.context.setOffline(true);
    await ada.page.waitForSelector('body[data-status="offline"]');
    await ada.page.waitForSelector('#offline-banner:not([hidden])');
    // Chromium's offline mode blocks traffic but leaves open WebSockets open; the SDK closes its
    // sockets on the browser's `offline` event. They are really gone: the presence server tells
    // Bob she left.
    await bob.page.waitForFunction(() => document.querySelectorAll('#people li').length === 1);

    await typeAt(bob.page, 'end', [' bob-online']);
    await waitUntilSaved(bob.page);
    await typeAt(ada.page, 'end', [' ada-offline']);
    assert.equal(await ada.page.textContent('#queued-count'), '12 edits');
    await eventually(async () => (await queuedNotesInIndexedDb(ada.page)) === 'shared: ada-offline', 5000, 'the edits in IndexedDB');
    assert.equal(await notesText(ada.page), 'shared: ada-offline', "Bob's edit did not reach Ada's offline page");

    await ada.page.reload();
    await waitUntilReady(ada.page, { online: false });
    assert.equal(await notesText(ada.page), 'shared: ada-offline');
    assert.equal(await ada.page.textContent('#queued-count'), '12 edits');
    assert.equal(await ada.page.getAttribute('body', 'data-status'), 'offline');

    await ada.context.setOffline(false);
    await waitUntilSaved(ada.page);
    const stored = (await serverDoc(`demo/${room}/notes`)).data;
    assert.ok(stored.includes(' ada-offline') && stored.includes(' bob-online') && stored.startsWith('shared:'), stored);
    assert.equal(stored.length, 'shared: ada-offline bob-online'.length, stored);
    await eventually(async () => (await notesText(ada.page)) === stored && (await notesText(bob.page)) === stored,
      10000, 'both screens showing what the server holds');
  } finally {
    await closeAll(ada, bob);
  }
});

test('presence lists both people with the other one’s caret, then shows the leave', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const { ada, bob } = await adaAndBob(room);
  try {
    await typeAt(ada.page, 'end', ['Shopping list\n- milk\n- eggs\n']);
    await ada.page.click('#increment');
    await waitUntilSaved(ada.page);
    await eventually(async () => (await notesText(bob.page)).includes('eggs'), 10000, "Ada's list on Bob's screen");
    await typeAt(bob.page, 'end', ['- bread']);

    await ada.page.waitForFunction(() => document.querySelectorAll('#people li').length === 2);
    const names = await ada.page.$$eval('#people .who', (items) => items.map((item) => item.textContent));
    assert.deepEqual(names, ['Ada (you)', 'Bob']);
    // Bob's caret is drawn where he stopped typing, at the very end (only the overlay's filler follows it).
    await ada.page.waitForFunction(() => document.querySelector('.remote-caret[data-name="Bob"]')?.nextSibling.textContent === '\u200b');
    await ada.page.screenshot({ path: path.join(ARTIFACTS, 'demo.png') });

    await bob.context.close();
    await ada.page.waitForFunction(() => document.querySelectorAll('#people li').length === 1);
    assert.deepEqual(await ada.page.$$eval('#people .who', (items) => items.map((item) => item.textContent)), ['Ada (you)']);
    assert.equal(await ada.page.$('.remote-caret'), null);
  } finally {
    await closeAll(ada);
    assert.deepEqual(bob.errors.map(String), []);
  }
});

test('the counter adds up the clicks made on both screens at the same time', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const { ada, bob } = await adaAndBob(room);
  try {
    const click = async (page, times) => {
      for (let i = 0; i < times; i++) await page.click('#increment');
    };
    await Promise.all([click(ada.page, 6), click(bob.page, 4)]);
    await Promise.all([waitUntilSaved(ada.page), waitUntilSaved(bob.page)]);
    await eventually(async () => (await ada.page.textContent('#count')) === '10' && (await bob.page.textContent('#count')) === '10',
      10000, 'both counters at 10');
    assert.equal((await serverDoc(`demo/${room}/board`)).value.count, 10);
  } finally {
    await closeAll(ada, bob);
  }
});

test('the activity feed shows what the others in the room do', { timeout: 60000 }, async () => {
  const room = freshRoom();
  const { ada, bob } = await adaAndBob(room);
  try {
    await ada.page.waitForSelector('#activity[data-state="live"]');
    await bob.page.click('#increment');
    await ada.page.waitForFunction(() => [...document.querySelectorAll('#activity li')]
      .some((item) => item.textContent.includes('Bob raised the counter to 1')));
    await bob.page.waitForFunction(() => [...document.querySelectorAll('#activity li')]
      .some((item) => item.textContent.includes('You raised the counter to 1')));
  } finally {
    await closeAll(ada, bob);
  }
});
