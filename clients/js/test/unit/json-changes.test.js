// Property-style checks: Immer patches and json0 diffs, turned into json0 ops, rebuild exactly
// the state they came from; structural sharing survives applying an op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { produceWithPatches, enablePatches } from 'immer';
import { patchesToJson0 } from '../../src/immer-patches.js';
import { diffJson0 } from '../../src/json0-diff.js';
import { applyJson0 } from '../../src/json0-apply.js';

enablePatches();

function seededRandom(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const base = () => ({ title: 'Shopping 🛒', items: [{ name: 'milk', done: false }, { name: 'eggs', done: true }], tags: ['a', 'b', 'c'], meta: { n: 1 } });

// One random mutation of an Immer draft (or of a plain copy, for the diff).
function mutate(draft, random) {
  const pick = (n) => Math.floor(random() * n);
  const word = ['x', 'yy', '😀', ''][pick(4)];
  switch (pick(9)) {
    case 0: { const at = pick(draft.title.length + 1); draft.title = draft.title.slice(0, at) + word + draft.title.slice(at + pick(2)); break; }
    case 1: draft.items.push({ name: word, done: false }); break;
    case 2: if (draft.items.length) draft.items.splice(pick(draft.items.length), 1); break;
    case 3: if (draft.items.length) draft.items[pick(draft.items.length)].done = random() < 0.5; break;
    case 4: draft.tags.unshift(word); break;
    case 5: draft.tags.length = pick(draft.tags.length + 1); break;
    case 6: delete draft.meta.n; draft.meta[`k${pick(3)}`] = pick(10); break;
    case 7: if (draft.items.length) draft.items[pick(draft.items.length)].name += word; break;
    default: draft.meta = { replaced: true };
  }
}

test('random Immer recipes become json0 ops that rebuild the next state', () => {
  const random = seededRandom(42);
  let state = base();
  for (let i = 0; i < 400; i++) {
    const [next, patches] = produceWithPatches(state, (draft) => {
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) mutate(draft, random);
    });
    const op = patchesToJson0(state, patches);
    assert.deepEqual(applyJson0(state, op), next);
    state = next;
  }
});

test('a string changed by a recipe becomes a text edit, not a replacement', () => {
  const [, patches] = produceWithPatches({ title: 'Hello' }, (draft) => {
    draft.title = 'Hello, world';
  });
  assert.deepEqual(patchesToJson0({ title: 'Hello' }, patches), [{ p: ['title', 5], si: ', world' }]);
});

test('random json0 diffs rebuild the target state', () => {
  const random = seededRandom(7);
  let state = base();
  for (let i = 0; i < 400; i++) {
    const next = structuredClone(state);
    mutate(next, random);
    assert.deepEqual(applyJson0(state, diffJson0(state, next)), next);
    state = next;
  }
});

test('applying an op copies only the path it touches', () => {
  const before = Object.freeze({ a: Object.freeze({ b: 1 }), c: Object.freeze([1, 2]) });
  const after = applyJson0(before, [{ p: ['a', 'b'], na: 2 }]);
  assert.deepEqual(after, { a: { b: 3 }, c: [1, 2] });
  assert.equal(after.c, before.c);
  assert.deepEqual(before, { a: { b: 1 }, c: [1, 2] });
});

test('diffs say what changed in the smallest terms: na, list inserts/deletes/moves, text edits', () => {
  assert.deepEqual(diffJson0({ n: 5 }, { n: 8 }), [{ p: ['n'], na: 3 }]);
  assert.deepEqual(diffJson0({ l: ['a', 'b', 'c', 'd'] }, { l: ['a', 'c', 'x', 'd'] }),
    [{ p: ['l', 1], ld: 'b' }, { p: ['l', 2], li: 'x' }]);
  assert.deepEqual(diffJson0(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']), [{ p: [0], lm: 3 }]);
  assert.deepEqual(diffJson0(['a', 'b', 'c', 'd'], ['d', 'a', 'b', 'c']), [{ p: [3], lm: 0 }]);
  const rows = [{ id: 1, done: false }, { id: 2, done: false }];
  assert.deepEqual(diffJson0(rows, [rows[0], { id: 2, done: true }]), [{ p: [1, 'done'], od: false, oi: true }]);
  assert.deepEqual(diffJson0(rows, [rows[0], { id: 3, done: false }]), [{ p: [1], ld: rows[1] }, { p: [1], li: { id: 3, done: false } }]);
  // A row changed while others were inserted before it and deleted after it is still the same row.
  assert.deepEqual(diffJson0(rows, [{ id: 0, done: false }, { id: 1, done: true }]),
    [{ p: [0], li: { id: 0, done: false } }, { p: [1, 'done'], od: false, oi: true }, { p: [2], ld: rows[1] }]);
  assert.deepEqual(diffJson0({ t: 'one two three' }, { t: 'one 2 two three!' }), [{ p: ['t', 13], si: '!' }, { p: ['t', 4], si: '2 ' }]);
});

// The three components the Redux and Immer bindings rely on so that concurrent edits merge.
test('a string deletion is an sd, a move an lm and a number change an na, whether from a reducer or an Immer recipe', async () => {
  const { recipeToJson0 } = await import('../../src/immer.js');
  const before = { text: 'milk, eggs; bread', list: ['a', 'b', 'c', 'd'], n: 7 };
  assert.deepEqual(diffJson0(before, { ...before, text: 'milk; bread' }), [{ p: ['text', 4], sd: ', eggs' }]);
  assert.deepEqual(diffJson0(before, { ...before, list: ['a', 'c', 'd', 'b'] }), [{ p: ['list', 1], lm: 3 }]);
  assert.deepEqual(diffJson0(before, { ...before, n: 4 }), [{ p: ['n'], na: -3 }]);
  assert.deepEqual(recipeToJson0(before, (draft) => {
    draft.text = draft.text.replace(', eggs', '');
    draft.list.splice(3, 0, ...draft.list.splice(1, 1));
    draft.n -= 3;
  }), [{ p: ['text', 4], sd: ', eggs' }, { p: ['list', 1], lm: 3 }, { p: ['n'], na: -3 }]);
});

test('random edits of rows with ids diff into ops that rebuild the rows, each kept row edited in place', () => {
  const random = seededRandom(11);
  const pick = (n) => Math.floor(random() * n);
  let rows = [1, 2, 3, 4].map((id) => ({ id, title: `row ${id}`, done: false }));
  let nextId = 5;
  for (let i = 0; i < 300; i++) {
    const next = [...rows];
    for (let n = 1 + pick(4); n > 0; n--) {
      const at = pick(next.length + 1);
      switch (pick(3)) {
        case 0: next.splice(at, 0, { id: nextId, title: `row ${nextId++}`, done: false }); break;
        case 1: if (next.length) next.splice(at % next.length, 1); break;
        default: if (next.length) next[at % next.length] = { ...next[at % next.length], done: !next[at % next.length].done };
      }
    }
    const op = diffJson0(rows, next);
    assert.deepEqual(applyJson0(rows, op), next);
    // A row whose id stays is never deleted and inserted: only its field is changed.
    const kept = new Set(next.map((row) => row.id));
    for (const component of op) if ('ld' in component) assert.ok(!kept.has(component.ld.id), `row ${component.ld.id} was replaced`);
    rows = next;
  }
});
