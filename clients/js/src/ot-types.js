// The two OT types the server speaks, from their reference implementations, behind one shape:
// { name, create, apply (never mutates), transform, compose, invert, prepare, diff, transformKeeping }.
// `diff(before, after)` is an op that turns one value into the other with the smallest edits.
// `transformKeeping(op, other)` is transform(op, other, 'left') that also tells which parts of
// `op` did not survive (json0 drops an edit inside a subtree that `other` deleted or replaced).
// `prepare(op, before)` turns a local op into the form we keep and send: for text-unicode the
// deletes carry the deleted text, so a refused op can be inverted (the server accepts and checks it).
import json0 from 'ot-json0';
import textUnicode from 'ot-text-unicode';
import { applyJson0 } from './json0-apply.js';
import { diffJson0 } from './json0-diff.js';
import { textUnicodeOp } from './text-diff.js';

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
  diff: diffJson0,
  // Component by component, as json0's transform goes: each is moved past `other`, and `other`
  // past it before the next one.
  transformKeeping(op, other) {
    const kept = [];
    const lost = [];
    let over = other;
    for (const component of op) {
      const moved = j.transform([component], over, 'left');
      if (moved.length === 0) lost.push(component);
      else kept.push(...moved);
      over = j.transform(over, [component], 'right');
    }
    return { op: kept, lost };
  },
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
  diff: textUnicodeOp,
  // Inserted text always survives; deleting text someone else deleted already is no loss.
  transformKeeping: (op, other) => ({ op: t.transform(op, other, 'left'), lost: [] }),
};

const TYPES = new Map([json0Type, textUnicodeType].map((type) => [type.name, type]));

export function otType(name) {
  const type = TYPES.get(name);
  if (!type) throw new Error(`unknown OT type ${name}`);
  return type;
}
