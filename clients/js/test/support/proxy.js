// A TCP proxy between test clients and the server that a test can break on purpose: cut every
// connection abruptly, refuse new ones (offline), drop chosen server → client WebSocket frames
// (a lost ack), or swallow what clients send (an op lost on the way, its socket not closed yet). Frames are parsed only as far as needed: the server sends unmasked, unfragmented,
// uncompressed text frames (the tests' clients turn permessage-deflate off).
import net from 'node:net';

function frameLength(buffer) {
  if (buffer.length < 2) return null;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  return buffer.length < offset + length ? null : { offset, total: offset + length };
}

// Forwards server → client bytes, dropping whole frames whose text `shouldDrop` accepts.
function frameFilter(client, shouldDrop) {
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.write(buffer.subarray(0, end + 4));
      buffer = buffer.subarray(end + 4);
      upgraded = true;
    }
    for (let frame = frameLength(buffer); frame; frame = frameLength(buffer)) {
      const text = buffer.subarray(frame.offset, frame.total).toString();
      if (!shouldDrop(text)) client.write(buffer.subarray(0, frame.total));
      buffer = buffer.subarray(frame.total);
    }
  };
}

export async function startProxy(targetPort) {
  const sockets = new Set();
  let refusing = false;
  let dropRule = () => false;
  let swallowing = false;
  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data) => swallowing || upstream.write(data));
    upstream.on('data', frameFilter(client, (text) => dropRule(text)));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Destroys every open connection at once, as a dying network or node would. */
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    /** Cuts everything and refuses new connections until up(). */
    down() {
      refusing = true;
      this.cut();
    },
    up() {
      refusing = false;
    },
    /** While on, what clients send is dropped: the server never sees it, the client cannot tell. */
    swallowClientBytes(on) {
      swallowing = on;
    },
    /** Drops server → client frames for which `rule(text)` is true (until replaced). */
    dropServerFrames(rule) {
      dropRule = rule;
    },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
