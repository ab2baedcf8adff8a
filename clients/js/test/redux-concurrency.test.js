// Property: two Redux stores, each bound to its own client of one json0 document, and a third
// client editing with Immer recipes (doc.update), edit a list, a number and a string at the same
// time (one store offline for a while): items inserted, removed and moved, a number added to,
// tokens inserted into and deleted from a string. Every edit of all three survives: the diff says
// `na`, `li`/`ld`/`lm` and `si`/`sd`, never a replace that would overwrite concurrent edits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { legacy_createStore as createStore } from 'redux';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';
import { bindDocToStore, docReducer } from '../src/redux.js';
import { enableImmer } from '../src/immer.js';

enableImmer();

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


// The string is a run of tokens, inserted and deleted whole, only between tokens, so no edit
// splits another. A token starts and ends with a character no other token has: a text diff then
// finds exactly the token inserted or deleted, not an equal-looking stretch shifted by a shared
// first or last character (which an insert made elsewhere at that boundary would split).
const tokenFor = (step, run) => {
  const mark = String.fromCodePoint(0x4e00 + step);
  return `${mark}${run}-${step}${mark}`;
};

function tokensOf(text) {
  const tokens = [];
  for (let at = 0; at < text.length;) {
    const end = text.indexOf(text[at], at + 1) + 1;
    if (end === 0) {
      tokens.push(text.slice(at)); // a token without its closing mark: the test's check names it
      break;
    }
    tokens.push(text.slice(at, end));
    at = end;
  }
  return tokens;
}

const tokenBoundaries = (text) => {
  const places = [0];
  for (const token of tokensOf(text)) places.push(places[places.length - 1] + token.length);
  return places;
};

// Initial tokens are marked with characters no step uses.
const INITIAL = { items: ['i-0', 'i-1', 'i-2'], count: 0, text: ['a', 'b'].map((name, k) => `${String.fromCodePoint(0x3400 + k)}${name}${String.fromCodePoint(0x3400 + k)}`).join('') };

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
    case 'item/move': {
      if (state.items.length < 2) return state;
      const items = [...state.items];
      const [item] = items.splice(action.from % items.length, 1);
      items.splice(action.to % (items.length + 1), 0, item);
      return { ...state, items };
    }
    case 'text/insert': {
      const places = tokenBoundaries(state.text);
      const at = places[action.at % places.length];
      return { ...state, text: state.text.slice(0, at) + action.token + state.text.slice(at) };
    }
    case 'text/delete': {
      const tokens = tokensOf(state.text);
      if (tokens.length === 0) return state;
      tokens.splice(action.at % tokens.length, 1);
      return { ...state, text: tokens.join('') };
    }
    default:
      return state;
  }
}

// The same edits as an Immer recipe, as an app using doc.update writes them: the draft is mutated.
const recipeFor = (action) => (draft) => {
  const { items } = draft;
  switch (action.type) {
    case 'item/insert':
      items.splice(action.at % (items.length + 1), 0, action.item);
      break;
    case 'item/remove':
      if (items.length > 0) items.splice(action.at % items.length, 1);
      break;
    case 'item/move':
      if (items.length >= 2) items.splice(action.to % items.length, 0, ...items.splice(action.from % items.length, 1));
      break;
    case 'count/add':
      draft.count += action.by;
      break;
    case 'text/insert': {
      const places = tokenBoundaries(draft.text);
      const at = places[action.at % places.length];
      draft.text = draft.text.slice(0, at) + action.token + draft.text.slice(at);
      break;
    }
    case 'text/delete': {
      const tokens = tokensOf(draft.text);
      if (tokens.length > 0) draft.text = tokens.filter((_, i) => i !== action.at % tokens.length).join('');
      break;
    }
  }
};

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
  fc.record({ type: fc.constant('item/move'), from: fc.nat(20), to: fc.nat(20) }),
  fc.record({ type: fc.constant('count/add'), by: fc.integer({ min: -5, max: 9 }) }),
  fc.record({ type: fc.constant('text/insert'), at: fc.nat(20) }),
  fc.record({ type: fc.constant('text/delete'), at: fc.nat(20) }),
);
// Editors 0 and 1 are Redux stores (1 behind the proxy that goes offline), 2 edits with doc.update.
const IMMER = 2;
const step = fc.record({ editor: fc.constantFrom(0, 1, IMMER), edit, pause: fc.boolean() });

test('random concurrent list, number and string edits from two Redux stores and Immer recipes all survive', { timeout: 300000 }, async () => {
  let run = 0;
  const sent = new Set(); // the kinds of json0 components the editors sent, over every run
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 24 }), fc.nat(24), fc.nat(24), async (steps, offlineFrom, offlineFor) => {
      run++;
      const id = freshId('redux');
      await httpJson(docUrl(server, id), 'PUT', { type: 'json0', data: INITIAL });
      const clients = [newClient(server.url), newClient(proxy.url), newClient(server.url)];
      try {
        const docs = clients.map((c) => c.doc(id));
        await Promise.all(docs.map((doc) => doc.ready));
        for (const doc of docs) {
          doc.on('change', ({ source, op }) => {
            if (source === 'local') for (const component of op) for (const key of ['li', 'ld', 'lm', 'na', 'si', 'sd', 'oi', 'od']) if (key in component) sent.add(key);
          });
        }
        const stores = docs.slice(0, IMMER).map(boundStore);
        const stateOf = (editor) => (editor === IMMER ? docs[IMMER].data : stores[editor].getState().board);
        const removed = [];
        const inserted = [];
        const typed = [];
        const deleted = [];
        let sum = 0;
        for (const [i, { editor, edit: e, pause }] of steps.entries()) {
          if (i === offlineFrom) proxy.down();
          if (i === offlineFrom + offlineFor) proxy.up();
          const before = stateOf(editor);
          const action = e.type === 'item/insert' ? { ...e, item: `n-${run}-${i}` } : e.type === 'text/insert' ? { ...e, token: tokenFor(i, run) } : e;
          if (editor === IMMER) docs[IMMER].update(recipeFor(action));
          else stores[editor].dispatch(action);
          const after = stateOf(editor);
          if (e.type === 'item/insert') inserted.push(action.item);
          if (e.type === 'item/remove') removed.push(...before.items.filter((item) => !after.items.includes(item)));
          if (e.type === 'count/add') sum += e.by;
          if (e.type === 'text/insert') typed.push(action.token);
          if (e.type === 'text/delete') deleted.push(...tokensOf(before.text).filter((token) => !tokensOf(after.text).includes(token)));
          if (pause) await new Promise((resolve) => setTimeout(resolve, 5)); // let some ops cross
        }
        proxy.up();
        await Promise.all(docs.map((doc) => doc.settled()));
        const { body } = await httpJson(docUrl(server, id));
        await until(() => docs.every((doc) => doc.version === body.v), 10000, 'every client at the server version');

        const expectedItems = [...INITIAL.items, ...inserted].filter((item) => !removed.includes(item)).sort();
        assert.deepEqual([...body.data.items].sort(), expectedItems, 'every insert, remove and move of every editor');
        assert.equal(body.data.count, sum, 'every number change of every editor');
        const kept = [...tokensOf(INITIAL.text), ...typed].filter((token) => !deleted.includes(token)).sort();
        assert.deepEqual([...tokensOf(body.data.text)].sort(), kept, 'every token typed and every one deleted, none split');
        for (const store of stores) assert.deepEqual(store.getState().board, body.data, 'each store equals the server');
        assert.deepEqual(docs[IMMER].data, body.data, 'the Immer editor equals the server');
      } finally {
        proxy.up();
        for (const c of clients) c.close();
      }
    }),
    { numRuns: 25, seed: Number(process.env.LOCKSTEP_PROPERTY_SEED ?? Date.now() % 2 ** 31), endOnFailure: true, includeErrorInReport: true },
  );
  // Every kind of edit was sent as the component that merges, and nothing was replaced.
  assert.deepEqual([...sent].sort(), ['ld', 'li', 'lm', 'na', 'sd', 'si']);
});
