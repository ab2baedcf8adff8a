// '@lockstep/client/react' in Chromium: a small React page (bundled by esbuild as the demo is, and
// served from the server's origin) uses every hook against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../support/server.js';
import { docUrl, httpJson } from '../support/clients.js';
import { launchChromium, freshRoom, eventually } from './support/demo-browser.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
let server;
let browser;
let serverDir;

// The page is bundled as the demo is, and served by the server itself from a webroot/ of its own
// working directory, so it talks to its own origin.
before(async () => {
  await esbuild.build({
    absWorkingDir: packageDir, entryPoints: ['browser-pages/react-hooks.js'], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', logLevel: 'warning', define: { 'process.env.NODE_ENV': '"development"' },
    outfile: path.join((serverDir = await mkdtemp(path.join(tmpdir(), 'lockstep-react-'))), 'webroot/react-test/app.js'),
  });
  await writeFile(path.join(serverDir, 'webroot/react-test/index.html'),
    '<!doctype html><meta charset="utf-8"><title>React hooks</title><div id="root"></div><script type="module" src="app.js"></script>\n');
  server = await startServer([], { cwd: serverDir });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (serverDir) await rm(serverDir, { recursive: true, force: true });
});

async function openReactPage(context, { room, user }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${server.url}/react-test/index.html?${new URLSearchParams({ room, user })}`);
  await page.waitForSelector('#status:text("online")');
  await page.waitForSelector('#increment:not([disabled])');
  return { page, errors };
}

const renders = (page) => page.evaluate(() => ({ ...window.renders }));

test('useDoc shows the data, edits it optimistically, says what is pending, and re-renders only its own component', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const context = await browser.newContext();
  const { page, errors } = await openReactPage(context, { room, user: 'ada' });
  try {
    const counterId = `react/${room}/counter`;
    for (let i = 0; i < 3; i++) await page.click('#increment');
    await page.waitForSelector('#pending:text("saved")');
    assert.equal(await page.textContent('#count'), '3');
    await eventually(async () => (await httpJson(docUrl(server, counterId))).body.data?.count === 3, 10000, 'the clicks on the server');

    // Someone else's edit arrives: the counter re-renders, the other components do not.
    const before = await renders(page);
    const { v } = (await httpJson(docUrl(server, counterId))).body;
    await httpJson(`${docUrl(server, counterId)}/ops`, 'POST', { v, op: [{ p: ['count'], na: 10 }] });
    await page.waitForSelector('#count:text("13")');
    await new Promise((resolve) => setTimeout(resolve, 300)); // let any stray re-render happen
    const afterRemote = await renders(page);
    assert.ok(afterRemote.counter > before.counter, 'the counter re-rendered');
    for (const name of ['notes', 'status', 'people', 'feed']) assert.equal(afterRemote[name], before[name], `${name} did not re-render`);

    // Offline: the click shows at once and stays pending until the connection is back.
    await context.setOffline(true);
    await page.waitForSelector('#status:text("offline")');
    await page.click('#increment');
    assert.equal(await page.textContent('#count'), '14');
    assert.equal(await page.textContent('#pending'), '1 pending');
    await context.setOffline(false);
    await page.waitForSelector('#status:text("online")');
    await page.waitForSelector('#pending:text("saved")');
    assert.equal((await httpJson(docUrl(server, counterId))).body.data.count, 14);

    // A refused edit is rolled back and shown as an error, and `lost` names it.
    assert.equal(await page.textContent('#lost'), '');
    await page.click('#break');
    await page.waitForSelector('#error:text("invalid_op")');
    await page.waitForSelector('#lost:text("invalid_op")');
    assert.deepEqual(JSON.parse(await page.getAttribute('#lost', 'data-ops')), [[{ p: ['list', 3], li: 'x' }]]);
    await page.waitForSelector('#pending:text("saved")');
    assert.equal(await page.textContent('#count'), '14');

    // Typing into a text document bound with update(nextValue).
    await page.fill('#notes', 'hello from react');
    await eventually(async () => (await httpJson(docUrl(server, `react/${room}/notes`))).body.data === 'hello from react', 10000, 'the text on the server');
  } finally {
    await context.close();
  }
  assert.deepEqual(errors.map(String), []);
});

test('usePresence lists who is in the room, useFeed shows what is published, and each re-renders only its own component, as does useConnectionStatus', { timeout: 90000 }, async () => {
  const room = freshRoom();
  const adaContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const ada = await openReactPage(adaContext, { room, user: 'ada' });
  const bob = await openReactPage(bobContext, { room, user: 'bob' });
  try {
    await ada.page.waitForFunction(() => document.querySelectorAll('#people li').length === 2);
    assert.deepEqual((await ada.page.$$eval('#people li', (items) => items.map((item) => item.textContent))).sort(), ['ada', 'bob']);
    await ada.page.waitForSelector('#feed[data-open="true"]', { state: 'attached' });

    // Each change re-renders the component of its own hook only.
    const rendersOnly = async (change, changed, what) => {
      await new Promise((resolve) => setTimeout(resolve, 300)); // earlier renders are done
      const before = await renders(ada.page);
      await change();
      await new Promise((resolve) => setTimeout(resolve, 300)); // let any stray re-render happen
      const after = await renders(ada.page);
      assert.ok(after[changed] > before[changed], `${changed} re-rendered for ${what}`);
      for (const name of Object.keys(before)) if (name !== changed) assert.equal(after[name], before[name], `${name} did not re-render for ${what}`);
    };

    await rendersOnly(async () => {
      const published = await fetch(`${server.url}/feeds/${encodeURIComponent(`react/${room}/feed`)}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: 'note', data: { text: 'hello feed' } }),
      });
      assert.ok(published.ok, `publish: ${published.status}`);
      await ada.page.waitForSelector('#feed li:text("hello feed")');
    }, 'feed', 'a feed event');

    await rendersOnly(async () => {
      await bobContext.close();
      await ada.page.waitForFunction(() => document.querySelectorAll('#people li').length === 1, null, { timeout: 20000 });
    }, 'people', 'someone leaving the room');

    await rendersOnly(async () => {
      await ada.page.evaluate(() => window.client.close());
      await ada.page.waitForSelector('#status:text("offline")');
    }, 'status', 'the connection closing');
  } finally {
    await adaContext.close();
    await bobContext.close().catch(() => {});
  }
  assert.deepEqual(ada.errors.map(String), []);
});
