// The count of local edits not yet acknowledged, as an offline banner shows it: it grows with each
// edit, survives a save and restore, moves in flight as a whole and drops to zero on ack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocState } from '../../src/doc-state.js';
import { rebuildOnSnapshot } from '../../src/recovery.js';

const claim = () => ({ src: 'c-1', seq: 1 });

test('each local edit counts once until the server acknowledges the op that carries it', () => {
  const state = new DocState();
  state.loadSnapshot({ v: 1, type: 'text-unicode', data: '' });
  for (const char of 'abc') state.localOp([state.data.length, char]);
  assert.equal(state.queuedEdits, 3);

  state.promotePending(claim);
  state.localOp([3, 'd']);
  assert.equal(state.queuedEdits, 4);

  const restored = new DocState(JSON.parse(JSON.stringify(state.toJSON())));
  assert.equal(restored.queuedEdits, 4);

  restored.remoteOp({ v: 2, op: ['>'] });
  assert.equal(restored.queuedEdits, 4);
  restored.ack(3);
  assert.equal(restored.queuedEdits, 1);
  restored.promotePending(claim);
  restored.ack(4);
  assert.equal(restored.queuedEdits, 0);
});

test('a refused op no longer counts and a snapshot reload keeps the count of the edits it reapplies', () => {
  const state = new DocState();
  state.loadSnapshot({ v: 1, type: 'json0', data: { n: 0 } });
  state.localOp([{ p: ['n'], na: 1 }]);
  state.promotePending(claim);
  state.localOp([{ p: ['n'], na: 1 }]);
  state.localOp([{ p: ['n'], na: 1 }]);
  state.rollbackInflight();
  assert.equal(state.queuedEdits, 2);

  rebuildOnSnapshot(state, { v: 5, type: 'json0', data: { n: 10 } }, true);
  assert.equal(state.queuedEdits, 2);
  assert.deepEqual(state.data, { n: 12 });
});
