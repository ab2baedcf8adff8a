// Subscribe, create, submit and ack against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.js';
import { newClient, until, httpJson, docUrl, freshId } from './support/clients.js';
import { legacy_createStore as createStore } from 'redux';
import { enableImmer } from '../src/immer.js';
import { bindDocToStore, docReducer } from '../src/redux.js';

let server;
const clients = [];
const client = (options) => {
  const c = newClient(server.url, options);
  clients.push(c);
  return c;
};

before(async () => {
  server = await startServer();
});

after(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

test('a new document is created, edited and acknowledged; the server holds the same data', async () => {
  const c = client();
  const id = freshId();
  const doc = c.doc(id);
  await doc.ready;
  assert.equal(doc.type, null);
  doc.create('json0', { title: 'Hi', items: [] });
  doc.submit([{ p: ['items', 0], li: 'milk' }]);
  doc.submit([{ p: ['title', 2], si: ' there' }]);
  assert.deepEqual(doc.data, { title: 'Hi there', items: ['milk'] });
  await doc.settled();
  assert.equal(doc.version, 2); // the creation in flight, then both ops composed while it waited
  const { body } = await httpJson(docUrl(server, id));
  assert.deepEqual(body.data, doc.data);
  assert.equal(body.v, doc.version);
});

test('a subscriber sees ops committed by others with their author, and its change events carry them', async () => {
  const id = freshId();
  await httpJson(docUrl(server, id), 'PUT', { type: 'text-unicode', data: 'hello' });
  const reader = client().doc(id);
  await reader.ready;
  assert.equal(reader.data, 'hello');
  const seen = [];
  const authors = [];
  reader.on('op', (op, { src }) => seen.push(op) && authors.push(src));
  const writerClient = client();
  const writer = writerClient.doc(id);
  await writer.ready;
  writer.submit([5, ' world']);
  await until(() => reader.data === 'hello world', 5000, 'remote op');
  assert.deepEqual(seen, [[5, ' world']]);
  assert.deepEqual(authors, [writerClient.src]);
  assert.equal(reader.version, 2);
});

test('the client reports connecting then online', async () => {
  const statuses = [];
  const c = client({ autoConnect: false });
  c.on('status', ({ status }) => statuses.push(status));
  c.connect();
  await until(() => c.online);
  assert.deepEqual(statuses, ['connecting', 'online']);
});

test('doc.update turns an Immer recipe into an op that another client receives', async () => {
  enableImmer();
  const id = freshId();
  await httpJson(docUrl(server, id), 'PUT', { type: 'json0', data: { todos: [], title: 'Todo' } });
  const [mine, theirs] = [client().doc(id), client().doc(id)];
  await Promise.all([mine.ready, theirs.ready]);
  const before = mine.data;
  mine.update((draft) => {
    draft.todos.push({ text: 'write tests', done: false });
    draft.title += 's';
  });
  assert.equal(before.title, 'Todo'); // the old snapshot is untouched
  await until(() => theirs.version === 2, 5000, 'the op');
  assert.deepEqual(theirs.data, { todos: [{ text: 'write tests', done: false }], title: 'Todos' });
  const untouched = theirs.data.todos;
  mine.update((draft) => {
    draft.title = 'My todos';
  });
  await until(() => theirs.version === 3, 5000, 'the second op');
  assert.equal(theirs.data.todos, untouched); // structural sharing across remote ops
});

test('a Redux store bound to a document sends its changes and receives remote ones', async () => {
  const id = freshId();
  await httpJson(docUrl(server, id), 'PUT', { type: 'json0', data: { todos: [] } });
  const doc = client().doc(id);
  await doc.ready;
  const todos = (state = { todos: [] }, action) =>
    action.type === 'todos/add' ? { ...state, todos: [...state.todos, action.text] } : state;
  const mirror = docReducer(id);
  const store = createStore((state = {}, action) => ({ board: todos(mirror(state.board, action), action) }));
  bindDocToStore(doc, store, (state) => state.board);
  assert.deepEqual(store.getState().board, { todos: [] });

  store.dispatch({ type: 'todos/add', text: 'from redux' });
  assert.deepEqual(doc.data, { todos: ['from redux'] });
  await doc.settled();

  const other = client().doc(id);
  await other.ready;
  other.submit([{ p: ['todos', 1], li: 'from elsewhere' }]);
  await until(() => store.getState().board.todos.length === 2, 5000, 'the remote op in the store');
  assert.deepEqual(store.getState().board, { todos: ['from redux', 'from elsewhere'] });
  const { body } = await httpJson(docUrl(server, id));
  assert.deepEqual(body.data, store.getState().board);
});
