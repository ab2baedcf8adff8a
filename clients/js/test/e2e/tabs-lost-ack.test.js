// Two tabs of one browser; one sends an op that the server commits, but the ack never reaches it
// and the tab is closed before it learns. The other tab adopts its queue (tab-queue.js) after the
// server's history was trimmed past that op, so it cannot see the op in a catch-up: it resends it
// with the closed tab's ORIGINAL src/seq, and the server recognises the resubmission and acks it
// with its original version: committed once, never twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUrl, httpJson } from '../support/clients.js';
import {
  withServerAndBrowser, openTab, freshRoom, notesText, waitUntilReady, waitUntilSaved, setTabOffline, queuedRecordKeys, eventually, typeAt,
  recordSdkErrors, sdkErrors,
} from './support/demo-browser.js';

const RETAIN_OPS = 3;
let server;
let browser;
withServerAndBrowser(['--retain-ops', String(RETAIN_OPS), '--snapshot-every', '2'], (up) => ({ server, browser } = up));

const serverDoc = async (id) => (await httpJson(docUrl(server, id))).body;

// Opens the demo in a tab whose /sync socket passes through a route that can drop the server's
// acks; every frame the tab sends is noted.
async function openTabLosingAcks(context, { name, room }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  const route = { dropAcks: false, sent: [] };
  await page.routeWebSocket(/\/sync/, (socket) => {
    const upstream = socket.connectToServer();
    socket.onMessage((message) => {
      route.sent.push(JSON.parse(String(message)));
      upstream.send(message);
    });
    upstream.onMessage((message) => {
      if (!(route.dropAcks && JSON.parse(String(message)).t === 'ack')) socket.send(message);
    });
  });
  await page.goto(`${server.url}/?${new URLSearchParams({ room, name })}`);
  await waitUntilReady(page);
  return { page, errors, route };
}

// The frames one tab's /sync socket sends and receives from now on (its next connections).
function recordSyncFrames(page) {
  const frames = { sent: [], received: [] };
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/sync')) return;
    socket.on('framesent', ({ payload }) => frames.sent.push(JSON.parse(String(payload))));
    socket.on('framereceived', ({ payload }) => frames.received.push(JSON.parse(String(payload))));
  });
  return frames;
}

test('a closed tab’s op committed without its ack is resent by the adopting tab with its original src/seq and acked once', { timeout: 120000 }, async () => {
  const room = freshRoom();
  const notesId = `demo/${room}/notes`;
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await recordSdkErrors(context);
  const adopting = await openTab(context, server, { name: 'Ada', room });
  const closing = await openTabLosingAcks(context, { name: 'Ada', room });
  try {
    await typeAt(adopting.page, 'end', ['kept:']);
    await waitUntilSaved(adopting.page);
    await eventually(async () => (await notesText(closing.page)) === 'kept:', 15000, 'the text in the closing tab');
    // The adopting tab is offline while the other goes away, so it adopts only after the trim.
    await setTabOffline(adopting.page, true);
    await adopting.page.waitForSelector('body[data-status="offline"]');

    closing.route.dropAcks = true;
    await closing.page.click('#notes');
    await closing.page.keyboard.press('Control+End');
    await closing.page.keyboard.insertText(' committed-unacked'); // one input: one op
    await eventually(async () => (await serverDoc(notesId)).data === 'kept: committed-unacked', 15000, 'the op committed');
    const committed = (await serverDoc(notesId)).v;
    const closedSrc = await closing.page.evaluate(() => window.lockstepDemo.client.src);
    const sentOp = closing.route.sent.find((frame) => frame.t === 'op' && frame.doc === notesId);
    assert.equal(sentOp.src, closedSrc);
    assert.equal(await closing.page.evaluate(() => window.lockstepDemo.notes.queuedEdits), 1, 'the closing tab never learnt of the commit');
    await eventually(async () => JSON.stringify(await queuedRecordKeys(closing.page)) === JSON.stringify([[notesId, closedSrc]]),
      10000, 'its queue in IndexedDB');
    await closing.page.close(); // gone: its lock is released, its queue an orphan

    // Others edit past the history the server keeps.
    for (let i = 0; i < 2 * RETAIN_OPS; i++) {
      const { v } = await serverDoc(notesId);
      assert.ok((await httpJson(`${docUrl(server, notesId)}/ops`, 'POST', { v, op: [`o${i} `] })).status < 300);
    }

    const frames = recordSyncFrames(adopting.page);
    await setTabOffline(adopting.page, false);
    await waitUntilReady(adopting.page);
    await eventually(() => frames.sent.some((frame) => frame.t === 'op' && frame.src === closedSrc), 30000, 'the orphan op resent');
    const resent = frames.sent.filter((frame) => frame.t === 'op' && frame.src === closedSrc);
    assert.deepEqual(resent.map((frame) => [frame.seq, frame.op]), resent.map(() => [sentOp.seq, sentOp.op]), 'resent with its original src/seq, as it was');
    await eventually(() => frames.received.some((frame) => frame.t === 'ack' && frame.re === resent[0].id), 20000, 'the ack of the resent op');
    assert.equal(frames.received.find((frame) => frame.t === 'ack' && frame.re === resent[0].id).v, committed, 'acked with its original version');

    await waitUntilSaved(adopting.page);
    const expected = 'o5 o4 o3 o2 o1 o0 kept: committed-unacked';
    const stored = await serverDoc(notesId);
    assert.equal(stored.data, expected, 'the words once');
    assert.equal(stored.v, committed + 2 * RETAIN_OPS, 'nothing committed twice');
    await eventually(async () => (await notesText(adopting.page)) === expected, 20000, 'the tab showing what the server holds');
    await eventually(async () => (await queuedRecordKeys(adopting.page)).length === 0, 20000, 'no queue left in IndexedDB');
    assert.deepEqual((await sdkErrors(adopting.page)).filter((error) => error.startsWith('storage')), [], 'no storage error');
  } finally {
    await context.close();
  }
  assert.deepEqual([...adopting.errors, ...closing.errors].map(String), [], 'no uncaught error in the pages');
});
