// The room board (a crdt document: counter, title, tags) in real browsers: two people change it
// while both are offline, both reload while still offline, and both come back. Every click counts,
// the latest title wins, a tag survives unless someone who had seen it removed it, and both
// screens and the server agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, httpJson } from '../support/clients.js';
import { withServerAndBrowser, openDemo, freshRoom, waitUntilSaved, eventually } from './support/demo-browser.js';

let server;
let browser;
withServerAndBrowser([], (up) => ({ server, browser } = up));

const serverBoard = async (room) => (await httpJson(docUrl(server, `demo/${room}/board`))).body;

const board = (page) => page.evaluate(() => ({
  count: document.querySelector('#count').textContent,
  title: document.querySelector('#room-title').value,
  tags: [...document.querySelectorAll('#tags .tag')].map((item) => item.dataset.tag),
}));

async function click(page, times) {
  for (let i = 0; i < times; i++) await page.click('#increment');
}

async function addTag(page, tag) {
  await page.fill('#tag-input', tag);
  await page.click('#add-tag');
}

async function setTitle(page, title) {
  await page.fill('#room-title', title);
  await page.press('#room-title', 'Enter');
  await page.click('#count'); // leaves the field, so the page shows the board's title again
}

async function goOffline(person) {
  await person.page.waitForSelector('body[data-offline-ready="true"]'); // the service worker keeps the page
  await person.context.setOffline(true);
  await person.page.waitForSelector('body[data-status="offline"]');
}

test('two people change the board offline, reload offline, come back: every change merges', { timeout: 120000 }, async () => {
  const room = freshRoom();
  const ada = await openDemo(browser, server, { name: 'Ada', room });
  const bob = await openDemo(browser, server, { name: 'Bob', room });
  try {
    // Online first: a counter, a title and two tags both have seen.
    await click(ada.page, 2);
    await addTag(ada.page, 'milk');
    await addTag(bob.page, 'eggs');
    await setTitle(ada.page, 'Groceries');
    await Promise.all([waitUntilSaved(ada.page), waitUntilSaved(bob.page)]);
    const seen = { count: '2', title: 'Groceries', tags: ['eggs', 'milk'] };
    await eventually(async () => JSON.stringify(await board(bob.page)) === JSON.stringify(seen), 10000, 'Bob sees the board');

    await Promise.all([goOffline(ada), goOffline(bob)]);

    // Both offline: Ada clicks 3 times, removes "eggs", adds "bread", renames the room; Bob clicks
    // 4 times, adds "eggs" again (he removes and re-adds it: his add is one Ada never saw, so it
    // must survive her remove), adds "jam", and renames the room before Ada does.
    await click(bob.page, 4);
    await bob.page.click('#tags .tag[data-tag="eggs"] .remove-tag');
    await addTag(bob.page, 'eggs');
    await addTag(bob.page, 'jam');
    await setTitle(bob.page, 'Bob’s list');
    await click(ada.page, 3);
    await ada.page.click('#tags .tag[data-tag="eggs"] .remove-tag');
    await addTag(ada.page, 'bread');
    await new Promise((resolve) => setTimeout(resolve, 20)); // Ada's title is the later one
    await setTitle(ada.page, 'Weekend groceries');
    assert.deepEqual(await board(ada.page), { count: '5', title: 'Weekend groceries', tags: ['bread', 'milk'] });
    assert.deepEqual(await board(bob.page), { count: '6', title: 'Bob’s list', tags: ['eggs', 'jam', 'milk'] });

    // Both reload while offline: the changes are kept in each browser and shown again.
    await Promise.all([ada.page.reload(), bob.page.reload()]);
    // (The notes stay disabled: nothing was typed there offline, so this browser holds no copy of them.)
    await Promise.all([ada.page.waitForSelector('#increment:not([disabled])'), bob.page.waitForSelector('#increment:not([disabled])')]);
    await eventually(async () => (await board(ada.page)).count === '5' && (await board(bob.page)).count === '6',
      10000, 'the offline changes back after the reload');
    assert.deepEqual(await board(ada.page), { count: '5', title: 'Weekend groceries', tags: ['bread', 'milk'] });
    assert.deepEqual(await board(bob.page), { count: '6', title: 'Bob’s list', tags: ['eggs', 'jam', 'milk'] });

    await Promise.all([ada.context.setOffline(false), bob.context.setOffline(false)]);
    await Promise.all([waitUntilSaved(ada.page), waitUntilSaved(bob.page)]);

    const merged = { count: '9', title: 'Weekend groceries', tags: ['bread', 'eggs', 'jam', 'milk'] };
    await eventually(async () => JSON.stringify(await board(ada.page)) === JSON.stringify(merged)
      && JSON.stringify(await board(bob.page)) === JSON.stringify(merged), 20000, 'both screens showing the merged board');
    const stored = await serverBoard(room);
    assert.equal(stored.type, 'crdt');
    assert.deepEqual(stored.value, { count: 9, tags: ['bread', 'eggs', 'jam', 'milk'], title: 'Weekend groceries' });
  } finally {
    for (const person of [ada, bob]) {
      await person.context.close();
      assert.deepEqual(person.errors.map(String), [], 'no uncaught error in the page');
    }
  }
});
