// A presence server may take a connection out of a room it did not leave (`left` without `re`,
// after a silence past the TTL); the client joins that room again by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket, { WebSocketServer } from 'ws';
import { PresenceClient } from '../../src/index.js';

test('a room the server dropped us from is joined again with the latest meta', async () => {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const joins = [];
  server.on('connection', (socket) => {
    socket.on('message', (text) => {
      const frame = JSON.parse(String(text));
      if (frame.t === 'hello') socket.send(JSON.stringify({ t: 'welcome', re: frame.id, heartbeat: 25000 }));
      if (frame.t !== 'join') return;
      joins.push(frame);
      socket.send(JSON.stringify({ t: 'members', re: frame.id, room: frame.room, members: [{ conn: 'k1', user: frame.user, meta: frame.meta }] }));
      if (joins.length === 1) socket.send(JSON.stringify({ t: 'left', room: frame.room, reason: 'expired' }));
    });
  });
  await new Promise((resolve) => server.on('listening', resolve));
  const presence = new PresenceClient({ url: `http://127.0.0.1:${server.address().port}`, WebSocket });
  const room = presence.join('doc:a', 'ada', { cursor: 1 });
  room.setMeta({ cursor: 2 });
  try {
    for (let i = 0; i < 200 && joins.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(joins.length, 2);
    assert.deepEqual(joins[1].meta, { cursor: 2 });
    assert.equal(room.members.length, 1);
  } finally {
    presence.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
