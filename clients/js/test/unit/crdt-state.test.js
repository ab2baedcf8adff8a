// The client replica of crdt documents without a server: committed frames as the server sends them
// (docs/protocol.md §6), local ops on top, the view, the persisted form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CrdtState, canonicalText } from '../../src/crdt-state.js';

const created = () => new CrdtState({ v: 1, exists: true, data: {} });

test('canonical text sorts object keys and writes what JSON.stringify writes', () => {
  assert.equal(canonicalText({ b: 1, a: ['x', { d: null, c: true }] }), '{"a":["x",{"c":true,"d":null}],"b":1}');
  assert.equal(canonicalText('\u2028"\\\n\ud800'), JSON.stringify('\u2028"\\\n\ud800'));
});

// Shared with common's EcmaNumberTextTest: the server must write each number exactly so.
const numberTexts = JSON.parse(readFileSync(new URL('../fixtures/number-text.json', import.meta.url), 'utf8'));

test('numbers in elements are written as the server writes them: shortest digits, JavaScript notation', () => {
  assert.ok(numberTexts.length > 20);
  for (const { json, text } of numberTexts) assert.equal(canonicalText(JSON.parse(json)), text, json);
  assert.equal(canonicalText(5e-324), '5e-324');
  assert.equal(canonicalText(1e21), '1e+21');
  assert.equal(canonicalText(123456789012345680000), '123456789012345680000');
});

test('the components of one op apply in order, as consecutive ops of its author', () => {
  const state = created();
  state.committedOp({ v: 2, src: 'a', seq: 1, op: [{ p: ['tags'], add: 'x', rm: [] }, { p: ['tags'], add: 'y', rm: [] }] });
  // add then remove: removed (the remove takes the op's own add, version 3); remove then add: present;
  // the later of two sets of a register holds, though its t is lower
  state.committedOp({ v: 3, src: 'b', seq: 1, op: [
    { p: ['tags'], add: 'z', rm: [] }, { p: ['tags'], remove: 'z', rm: [3] },
    { p: ['tags'], remove: 'x', rm: [2] }, { p: ['tags'], add: 'x', rm: [] },
    { p: ['tags'], add: 'y', rm: [] }, { p: ['tags'], add: 'y', rm: [3] },
    { p: ['title'], set: 'first', t: 9 }, { p: ['title'], set: 'second', t: 8 },
  ] });
  assert.deepEqual(state.value, { tags: ['x', 'y'], title: 'second' });
  assert.deepEqual(state.toJSON().data.tags.e, [{ val: 'x', adds: [[3, 'b']] }, { val: 'y', adds: [[2, 'a'], [3, 'b']] }]);
  // the same op made locally, before the server commits it, shows the same
  const local = created();
  local.committedOp({ v: 2, src: 'a', seq: 1, op: [{ p: ['tags'], add: 'x', rm: [] }, { p: ['tags'], add: 'y', rm: [] }] });
  local.local({ src: 'b', seq: 1, base: 2, op: [
    { p: ['tags'], add: 'z' }, { p: ['tags'], remove: 'z' }, { p: ['tags'], remove: 'x' }, { p: ['tags'], add: 'x' },
    { p: ['tags'], add: 'y' }, { p: ['tags'], add: 'y' }, { p: ['title'], set: 'first', t: 9 }, { p: ['title'], set: 'second', t: 8 },
  ] });
  assert.deepEqual(local.value, state.value);
});

test('committed counters, registers and sets give the documented value and data', () => {
  const state = created();
  state.committedOp({ v: 2, src: 'a', seq: 1, op: [{ p: ['likes'], inc: 3 }, { p: ['tags'], add: 'red', rm: [] }] });
  state.committedOp({ v: 3, src: 'b', seq: 1, op: [{ p: ['tags'], add: 'blue', rm: [] }, { p: ['title'], set: 'Room', t: 5 }] });
  state.committedOp({ v: 4, src: 'c', seq: 1, op: [{ p: ['tags'], remove: 'red', rm: [2] }, { p: ['title'], set: 'Older', t: 4 }] });
  assert.deepEqual(state.value, { likes: 3, tags: ['blue'], title: 'Room' });
  assert.deepEqual(state.toJSON().data, {
    likes: { k: 'counter', n: 3 },
    tags: { k: 'set', e: [{ val: 'blue', adds: [[3, 'b']] }] },
    title: { k: 'register', val: 'Room', t: 5, src: 'b', v: 3 },
  });
  assert.deepEqual(new CrdtState(JSON.parse(JSON.stringify(state.toJSON()))).value, state.value);
});

test('a register tie on t goes to the greater src', () => {
  const state = created();
  state.committedOp({ v: 2, src: 'b', seq: 1, op: [{ p: ['title'], set: 'from b', t: 7 }] });
  state.committedOp({ v: 3, src: 'a', seq: 1, op: [{ p: ['title'], set: 'from a', t: 7 }] });
  assert.equal(state.value.title, 'from b');
});

test('local ops show at once and stay on top of committed ones until acknowledged', () => {
  const state = created();
  state.committedOp({ v: 2, src: 'b', seq: 1, op: [{ p: ['n'], inc: 10 }, { p: ['tags'], add: 'old', rm: [] }] });
  state.local({ src: 'a', seq: 1, base: 2, op: [{ p: ['n'], inc: 1 }] });
  state.local({ src: 'a', seq: 2, base: 2, op: [{ p: ['tags'], remove: 'old' }] });
  assert.deepEqual(state.value, { n: 11, tags: [] });
  // someone else re-adds "old" after our base: add wins, our remove did not see it
  state.committedOp({ v: 3, src: 'b', seq: 2, op: [{ p: ['n'], inc: 5 }, { p: ['tags'], add: 'old', rm: [2] }] });
  assert.deepEqual(state.value, { n: 16, tags: ['old'] });
  assert.equal(state.committedOp({ v: 4, src: 'a', seq: 1, op: [{ p: ['n'], inc: 1 }] }), true);
  assert.equal(state.queue.length, 1);
});

test('a remove drops the unsent adds of the element that other tabs of this device queued', () => {
  const state = created();
  state.local({ src: 'gone-tab', seq: 1, base: 1, op: [{ p: ['tags'], add: 'x' }, { p: ['n'], inc: 1 }] });
  state.local({ src: 'me', seq: 1, base: 1, op: [{ p: ['tags'], remove: 'x' }] });
  assert.deepEqual(state.value, { n: 1, tags: [] });
  assert.deepEqual(state.queue[0].op, [{ p: ['n'], inc: 1 }]);
});

test('a snapshot replaces the committed state and keeps the queue', () => {
  const state = created();
  state.local({ src: 'a', seq: 1, base: 1, op: [{ p: ['n'], inc: 2 }] });
  state.loadSnapshot({ v: 9, type: 'crdt', data: { n: { k: 'counter', n: 40 } } });
  assert.deepEqual(state.value, { n: 42 });
});
