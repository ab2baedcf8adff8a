import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPresenceDiff, membersByUser } from '../../src/presence-members.js';

const ada = { conn: 'c1', user: 'ada', meta: { cursor: 1 }, since: 1 };
const bob = { conn: 'c2', user: 'bob', meta: {}, since: 2 };

test('presence diffs add, update and remove members by connection', () => {
  let members = [ada];
  members = applyPresenceDiff(members, { join: [bob] });
  assert.deepEqual(members.map((m) => m.conn), ['c1', 'c2']);
  members = applyPresenceDiff(members, { update: [{ ...ada, meta: { cursor: 9 } }] });
  assert.equal(members[0].meta.cursor, 9);
  members = applyPresenceDiff(members, { leave: [{ conn: 'c1', user: 'ada' }] });
  assert.deepEqual(members, [bob]);
});

test('a leave and a join in one diff (a tab reloaded) keep the new connection', () => {
  const again = { ...ada, conn: 'c3' };
  const members = applyPresenceDiff([ada, bob], { join: [again], leave: [{ conn: 'c1', user: 'ada' }] });
  assert.deepEqual(members.map((m) => m.conn).sort(), ['c2', 'c3']);
});

test('members group by user', () => {
  const users = membersByUser([ada, bob, { ...ada, conn: 'c9' }]);
  assert.equal(users.get('ada').length, 2);
  assert.equal(users.get('bob').length, 1);
});
