// Shared helpers: ShareDB's own client (the npm package, unchanged) on a plain WebSocket to a real
// Lockstep server's /sharedb endpoint. The server and the waiting helpers are the JS SDK's own.
import WebSocket from 'ws';
import ShareDB from 'sharedb/lib/client/index.js';
import textUnicode from 'ot-text-unicode';

export { startServer } from '../../js/test/support/server.js';
export { until, httpJson, docUrl, freshId, newClient } from '../../js/test/support/clients.js';

// ot-text-unicode has no presence transform of its own; a ShareDB app that shows carets adds one,
// as this does (a caret {index} moves with the text, the author's own inserts push it along).
const textType = {
  ...textUnicode.type,
  transformPresence(presence, op, isOwnOp) {
    if (!presence || typeof presence.index !== 'number') return presence;
    let cursor = presence.index;
    let pos = 0;
    for (const c of op) {
      if (pos > cursor || (pos === cursor && !(typeof c === 'string' && isOwnOp))) break;
      if (typeof c === 'number') pos += c;
      else if (typeof c === 'string') {
        const n = [...c].length;
        pos += n;
        cursor += n;
      } else cursor -= Math.min(typeof c.d === 'number' ? c.d : [...c.d].length, cursor - pos);
    }
    return { ...presence, index: cursor };
  },
};
ShareDB.types.register(textType);
export const TEXT = textType.uri;

export function wsUrl(server, query = '') {
  return `${server.url.replace('http', 'ws')}/sharedb${query}`;
}

/** A WebSocket without compression, so the tests see plain frames. */
export function openSocket(url) {
  return new WebSocket(url, { perMessageDeflate: false });
}

/** A ShareDB Connection on a fresh socket to `url`; resolves once ShareDB says 'connected'. */
export async function connect(url) {
  const connection = new ShareDB.Connection(openSocket(url));
  await whenConnected(connection);
  return connection;
}

export function whenConnected(connection) {
  if (connection.state === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ShareDB connection stuck in ${connection.state}`)), 10000);
    connection.once('connected', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Calls a ShareDB callback-style method as a promise. */
export function call(target, method, ...args) {
  return new Promise((resolve, reject) => {
    target[method](...args, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Resolves when every op of `doc` is acknowledged. */
/** `method` called on documents `ids` of `collection` in one bulk message; the calls' promises, in order. */
export function inBulk(connection, collection, ids, method) {
  connection.startBulk();
  const calls = ids.map((id) => call(connection.get(collection, id), method));
  connection.endBulk();
  return calls;
}

export function settled(doc) {
  return new Promise((resolve) => doc.whenNothingPending(resolve));
}

/** Closes ShareDB connections and their sockets. */
export function closeAll(connections) {
  for (const connection of connections) connection.close();
}

/** A raw socket that collects the server's messages as parsed JSON. */
export async function rawSocket(url) {
  const socket = openSocket(url);
  const messages = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages, send: (value) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)) };
}
