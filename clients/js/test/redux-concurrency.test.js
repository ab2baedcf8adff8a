// Property: two Redux stores, each bound to its own client of one json0 document, edit a list, a
// number and a string at the same time through their own reducers (one of them offline for a
// while). Every edit of both survives: the store diff says `na`, `li`/`ld` and `si`, never a
// replace that would overwrite the other store's concurrent edits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { legacy_createStore as createStore } from 'redux';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';
import { bindDocToStore, docReducer } from '../src/redux.js';

let server;
let proxy;

before(async () => {
  server = await startServer();
  proxy = await startProxy(server.port);
});

after(async () => {
  await proxy.close();
  await server.stop();
});

const INITIAL = { items: ['i-0', 'i-1', 'i-2'], count: 0, text: '' };

// Tokens are whole words in brackets, inserted only between tokens, so no edit splits another.
const tokenBoundaries = (text) => [0, ...[...text.matchAll(/\]/g)].map((match) => match.index + 1)];

// The app's own reducer: what a real app dispatches, knowing nothing of OT.
function board(state, action) {
  switch (action.type) {
    case 'item/insert': {
      const items = [...state.items];
      items.splice(action.at % (items.length + 1), 0, action.item);
      return { ...state, items };
    }
    case 'item/remove':
      return state.items.length === 0 ? state : { ...state, items: state.items.filter((_, i) => i !== action.at % state.items.length) };
    case 'count/add':
      return { ...state, count: state.count + action.by };
    case 'text/insert': {
      const places = tokenBoundaries(state.text);
      const at = places[action.at % places.length];
      return { ...state, text: state.text.slice(0, at) + action.token + state.text.slice(at) };
    }
    default:
      return state;
  }
}

function boundStore(doc) {
  const mirror = docReducer(doc.id);
  const store = createStore((state = { board: null }, action) => {
    const mirrored = mirror(state.board, action);
    return { board: mirrored === null ? null : board(mirrored, action) };
  });
  bindDocToStore(doc, store, (state) => state.board);
  return store;
}

const edit = fc.oneof(
  fc.record({ type: fc.constant('item/insert'), at: fc.nat(20) }),
  fc.record({ type: fc.constant('item/remove'), at: fc.nat(20) }),
  fc.record({ type: fc.constant('count/add'), by: fc.integer({ min: -5, max: 9 }) }),
  fc.record({ type: fc.constant('text/insert'), at: fc.nat(20) }),
);
const step = fc.record({ store: fc.constantFrom(0, 1), edit, pause: fc.boolean() });

test('random concurrent list, number and string edits from two Redux stores all survive', { timeout: 240000 }, async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24 }), fc.nat(24), fc.nat(24), async (steps, offlineFrom, offlineFor) => {
      run++;
      const id = freshId('redux');
      await httpJson(docUrl(server, id), 'PUT', { type: 'json0', data: INITIAL });
      const clients = [newClient(server.url), newClient(proxy.url)];
      try {
        const docs = clients.map((c) => c.doc(id));
        await Promise.all(docs.map((doc) => doc.ready));
        const stores = docs.map(boundStore);
        const removed = [];
        const inserted = [];
        const tokens = [];
        let sum = 0;
        for (const [i, { store, edit: e, pause }] of steps.entries()) {
          if (i === offlineFrom) proxy.down();
          if (i === offlineFrom + offlineFor) proxy.up();
          const before = stores[store].getState().board;
          const unique = `${run}-${i}`;
          const action = e.type === 'item/insert' ? { ...e, item: `n-${unique}` } : e.type === 'text/insert' ? { ...e, token: `[${unique}]` } : e;
          stores[store].dispatch(action);
          const after = stores[store].getState().board;
          if (e.type === 'item/insert') inserted.push(action.item);
          if (e.type === 'item/remove') removed.push(...before.items.filter((item) => !after.items.includes(item)));
          if (e.type === 'count/add') sum += e.by;
          if (e.type === 'text/insert') tokens.push(action.token);
          if (pause) await new Promise((resolve) => setTimeout(resolve, 5)); // let some ops cross
        }
        proxy.up();
        await Promise.all(docs.map((doc) => doc.settled()));
        const { body } = await httpJson(docUrl(server, id));
        await until(() => docs.every((doc) => doc.version === body.v), 10000, 'both clients at the server version');

        const expectedItems = [...INITIAL.items, ...inserted].filter((item) => !removed.includes(item)).sort();
        assert.deepEqual([...body.data.items].sort(), expectedItems, 'every insert and every remove of both stores');
        assert.equal(body.data.count, sum, 'every number change of both stores');
        assert.deepEqual(body.data.text.match(/\[[^\]]*\]/g)?.sort() ?? [], [...tokens].sort(), 'every token typed in both stores');
        assert.equal(body.data.text, tokens.length ? body.data.text.match(/\[[^\]]*\]/g).join('') : '', 'no token split');
        for (const store of stores) assert.deepEqual(store.getState().board, body.data, 'each store equals the server');
      } finally {
        proxy.up();
        for (const c of clients) c.close();
      }
    }),
    { numRuns: 25, seed: Number(process.env.LOCKSTEP_PROPERTY_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
});
