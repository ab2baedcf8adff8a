// The two OT types the server speaks, from their reference implementations, behind one shape:
// { name, create, apply (never mutates), transform, compose, invert, prepare }.
// `prepare(op, before)` turns a local op into the form we keep and send: for text-unicode the
// deletes carry the deleted text, so a refused op can be inverted (the server accepts and checks it).
import json0 from 'ot-json0';
import textUnicode from 'ot-text-unicode';
import { applyJson0 } from './json0-apply.js';

const j = json0.type;
const t = textUnicode.type;

const json0Type = {
  name: 'json0',
  create: (data) => j.create(data),
  apply: applyJson0,
  transform: (op, other, side) => j.transform(op, other, side),
  compose: (a, b) => j.compose(a, b),
  invert: (op) => j.invert(op),
  prepare: (op) => op,
  isNoop: (op) => op.length === 0,
};

const textUnicodeType = {
  name: 'text-unicode',
  create: (data) => t.create(data ?? ''),
  apply: (text, op) => t.apply(text, op),
  transform: (op, other, side) => t.transform(op, other, side),
  compose: (a, b) => t.compose(a, b),
  invert: (op) => t.invert(op),
  prepare: (op, before) => t.makeInvertible(t.normalize(op), before),
  isNoop: (op) => t.isNoop(op),
};

const TYPES = new Map([json0Type, textUnicodeType].map((type) => [type.name, type]));

export function otType(name) {
  const type = TYPES.get(name);
  if (!type) throw new Error(`unknown OT type ${name}`);
  return type;
}
