// ShareDB 7 with its in-memory database, serving ShareDB's protocol on ws://127.0.0.1:<port>/:
// the baseline that bench/run-sharedb-compare.sh measures Lockstep's /sharedb against.
// Usage: node server.js <port>
const http = require('node:http');
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

const port = Number(process.argv[2] || 0);
const backend = new ShareDB();
const server = http.createServer();
new WebSocket.Server({ server }).on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
server.listen(port, '127.0.0.1', () => console.log(`sharedb listening on 127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
