// Client factories and small waiting helpers shared by the integration tests.
import WebSocket from 'ws';
import { LockstepClient, memoryStorage, MemoryPendingStore } from '../../src/index.js';

// The proxy reads frames, so they must not be compressed.
class PlainWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { perMessageDeflate: false });
  }
}

export function newClient(url, options = {}) {
  return new LockstepClient({
    url,
    WebSocket: PlainWebSocket,
    storage: memoryStorage(),
    pendingStore: new MemoryPendingStore(),
    backoff: { baseMs: 50, maxMs: 500 },
    ...options,
  });
}

/** Resolves when `predicate()` holds, polling; fails after `ms`. `what` may be a function, read at the timeout. */
export async function until(predicate, ms = 5000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function httpJson(url, method = 'GET', body) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

export function docUrl(server, id) {
  return `${server.url}/docs/${encodeURIComponent(id)}`;
}

let counter = 0;
/** A document id no other test uses. */
export function freshId(prefix = 'test') {
  return `${prefix}/${process.pid}-${Date.now()}-${++counter}`;
}
