// Carets kept in place across remote text-unicode ops, counted in UTF-16 as text boxes do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textPositionAfter, codePointOffset, utf16Offset } from '../../src/text-position.js';

test('a caret moves with text inserted or deleted before it and stays put for edits after it', () => {
  assert.equal(textPositionAfter('hello', 3, ['>> ']), 6);
  assert.equal(textPositionAfter('hello', 3, [4, '!']), 3);
  assert.equal(textPositionAfter('hello', 3, [{ d: 'he' }]), 1);
  assert.equal(textPositionAfter('hello', 3, [1, { d: 'ello' }]), 1); // its text was deleted around it
});

test('positions count UTF-16 units outside and code points inside', () => {
  // '😀' is two UTF-16 units and one code point.
  assert.equal(textPositionAfter('a😀b', 3, ['😀']), 5);
  assert.equal(textPositionAfter('a😀b', 3, [1, { d: '😀' }]), 1);
  assert.equal(codePointOffset('a😀b', 3), 2);
  assert.equal(utf16Offset('a😀b', 2), 3);
  assert.equal(utf16Offset('ab', 9), 2);
});
