// The replica against histories the Java server committed (test/fixtures/crdt-vectors.json, kept
// in step with the server by common's CrdtVectorsTest): applying the committed ops reaches the
// server's state and value, and each op applied locally before its commit (with only its base and
// author, no rm) already shows the value it will have once committed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CrdtState } from '../../src/crdt-state.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/crdt-vectors.json', import.meta.url), 'utf8'));

const submitted = (op) => op.map(({ rm, ...component }) => component);

test('committed ops reach the server’s state and value', () => {
  for (const vector of vectors) {
    const state = new CrdtState({ v: vector.created, exists: true, data: {} });
    for (const frame of vector.ops) state.committedOp(frame);
    assert.deepEqual(state.toJSON().data, vector.data);
    assert.deepEqual(state.value, vector.value);
  }
});

test('an op applied locally before its commit shows what the committed op will', () => {
  for (const vector of vectors) {
    const state = new CrdtState({ v: vector.created, exists: true, data: {} });
    for (const frame of vector.ops) {
      const predicted = new CrdtState(state.toJSON());
      predicted.local({ src: frame.src, seq: frame.seq, base: frame.base, op: submitted(frame.op) });
      state.committedOp(frame);
      assert.deepEqual(predicted.value, state.value, `op ${frame.v} of a history created at ${vector.created}`);
    }
  }
});
