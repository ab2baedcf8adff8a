// Two clients edit one document at the same time with random edits; both end equal to the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';

let server;
const clients = [];

before(async () => {
  server = await startServer();
});

after(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

function seededRandom(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

function randomJson0Op(data, random) {
  const pick = (n) => Math.floor(random() * n);
  switch (pick(4)) {
    case 0:
      return [{ p: ['n'], na: pick(5) + 1 }];
    case 1:
      return data.list.length > 0 && random() < 0.4
        ? (() => { const i = pick(data.list.length); return [{ p: ['list', i], ld: data.list[i] }]; })()
        : [{ p: ['list', pick(data.list.length + 1)], li: pick(100) }];
    case 2:
      return data.text.length > 0 && random() < 0.3
        ? (() => { const i = pick(data.text.length); return [{ p: ['text', i], sd: data.text[i] }]; })()
        : [{ p: ['text', pick(data.text.length + 1)], si: 'xyz'[pick(3)] }];
    default: {
      const key = 'k' + pick(4);
      return key in data.map ? [{ p: ['map', key], od: data.map[key], oi: pick(9) }] : [{ p: ['map', key], oi: pick(9) }];
    }
  }
}

function randomTextOp(text, random) {
  const chars = [...text];
  const at = Math.floor(random() * (chars.length + 1));
  if (chars.length > 0 && random() < 0.35) {
    const n = Math.min(1 + Math.floor(random() * 3), chars.length - Math.min(at, chars.length - 1));
    const from = Math.min(at, chars.length - 1);
    return [from, { d: chars.slice(from, from + n).join('') }].filter((c) => c !== 0);
  }
  return [at, ['a', 'b', '😀'][Math.floor(random() * 3)]].filter((c) => c !== 0);
}

async function editConcurrently(type, initial, randomOp, rounds) {
  const id = freshId(type);
  await httpJson(docUrl(server, id), 'PUT', { type, data: initial });
  const docs = [newClient(server.url), newClient(server.url)].map((c) => (clients.push(c), c.doc(id)));
  await Promise.all(docs.map((d) => d.ready));
  const randoms = [seededRandom(7), seededRandom(99)];
  let submitted = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < docs.length; i++) {
      docs[i].submit(randomOp(docs[i].data, randoms[i]));
      submitted++;
    }
    // Let some frames cross, sometimes: edits interleave with remote ops in every order.
    if (round % 3 === 0) await new Promise((resolve) => setTimeout(resolve, randoms[0]() * 5));
  }
  await Promise.all(docs.map((d) => d.settled()));
  const { body } = await httpJson(docUrl(server, id));
  await until(() => docs.every((d) => d.version === body.v), 5000, 'both clients at the last version');
  assert.deepEqual(docs[0].data, body.data);
  assert.deepEqual(docs[1].data, body.data);
  assert.ok(body.v > 1 && body.v <= submitted + 1);
}

test('two clients making random json0 edits at once converge', async () => {
  await editConcurrently('json0', { n: 0, list: [], text: '', map: {} }, randomJson0Op, 60);
});

test('two clients making random text-unicode edits at once converge', async () => {
  await editConcurrently('text-unicode', 'start', randomTextOp, 60);
});
