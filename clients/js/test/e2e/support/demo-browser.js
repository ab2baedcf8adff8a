// Debian's Chromium driven by playwright-core, with one helper per thing a person does with the
// demo page. Playwright's own browser download is not used: the tests need /usr/bin/chromium
// (scripts/test.sh installs it with apt-get).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../support/server.js';

const CHROMIUM = process.env.LOCKSTEP_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium phones home at start-up, which a sandboxed
// network refuses, and its own connections then fail too.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set LOCKSTEP_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A test file's server (started with `args`) and Chromium: started before its tests and stopped
 * after them. `ready` receives `{ server, browser }` once both are up.
 */
export function withServerAndBrowser(args, ready) {
  const up = {};
  before(async () => {
    up.server = await startServer(args);
    up.browser = await launchChromium();
    ready(up);
  });
  after(async () => {
    await up.browser?.close();
    await up.server?.stop();
  });
}

let rooms = 0;
/** A room no other test uses, so each test has documents of its own. */
export function freshRoom() {
  return `e2e-${process.pid}-${++rooms}`;
}

/**
 * Opens the demo as `name` in its own browser context (its own storage, like another person) and
 * waits until it is online and editable, unless `ready` is false.
 */
export async function openDemo(browser, server, { name, room, token, ready = true }) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  return { context, ...(await openTab(context, server, { name, room, token, ready })) };
}

/** Opens the demo in another tab of `context` (same storage: the same person, another tab). */
export async function openTab(context, server, { name, room, token, ready = true }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  const query = new URLSearchParams({ room, name, ...(token ? { token } : {}) });
  await page.goto(`${server.url}/?${query}`);
  if (ready) await waitUntilReady(page);
  return { page, errors };
}

/**
 * Takes one tab off the network (or back on), leaving the other tabs of its context online:
 * Chromium's network emulation for that page alone, which also sets navigator.onLine.
 */
export async function setTabOffline(page, offline) {
  // One DevTools session per page: the emulation belongs to the session that set it.
  let session = emulationSessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    await session.send('Network.enable');
    emulationSessions.set(page, session);
  }
  await session.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

const emulationSessions = new WeakMap();

/** The notes and the board are editable and the socket is online. */
export async function waitUntilReady(page, { online = true } = {}) {
  await page.waitForSelector('#notes:not([disabled])');
  if (online) await page.waitForSelector('body[data-status="online"]');
}

export const notesText = (page) => page.inputValue('#notes');

/** Clicks into the notes and types `words` at the start or the end. */
export async function typeAt(page, where, words) {
  await page.click('#notes');
  await page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
  for (const word of words) await page.keyboard.type(word, { delay: 5 });
}

/**
 * Makes every page of `context` note the errors its demo client and documents emit, from the
 * page's first moment (what a tab adopts at start-up included); sdkErrors(page) reads them.
 */
export function recordSdkErrors(context) {
  return context.addInitScript(() => {
    const errors = [];
    let demo;
    Object.defineProperty(window, 'lockstepSdkErrors', { value: errors });
    Object.defineProperty(window, 'lockstepDemo', {
      configurable: true,
      get: () => demo,
      set(value) {
        demo = value;
        for (const emitter of [value.client, value.notes, value.board]) {
          emitter.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
        }
      },
    });
  });
}

/** The SDK errors this page load emitted so far, as "code: message" (recordSdkErrors). */
export const sdkErrors = (page) => page.evaluate(() => window.lockstepSdkErrors);

/** Waits until every edit of this page is acknowledged by the server. */
export function waitUntilSaved(page) {
  return page.waitForFunction(() => window.lockstepDemo.client.online && window.lockstepDemo.client.queuedEdits === 0);
}

// Calls `method(...args)` (get, getAllKeys…) on the SDK's IndexedDB object store of queued edits,
// in the page.
function readQueues(page, method, ...args) {
  return page.evaluate(async ({ method, args }) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('lockstep', 2);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const result = await new Promise((resolve, reject) => {
      const request = db.transaction('queues').objectStore('queues')[method](...args);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return result;
  }, { method, args });
}

/** The demo's notes as this page keeps them in IndexedDB for a reload (undefined: nothing queued). */
export async function queuedNotesInIndexedDb(page) {
  // One record per (document, tab): this page's own.
  const key = await page.evaluate(() => [window.lockstepDemo.notes.id, window.lockstepDemo.client.src]);
  return (await readQueues(page, 'get', key))?.data;
}

/** The (document, tab) keys of every queue record in the browser's IndexedDB. */
export function queuedRecordKeys(page) {
  return readQueues(page, 'getAllKeys');
}

/** Resolves when `predicate()` (async) holds, polling; fails after `ms`. */
export async function eventually(predicate, ms = 10000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
