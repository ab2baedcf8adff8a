// A small React page for the browser tests of '@lockstep/client/react' (test/e2e/react.test.js
// bundles and serves it): every hook on screen, and a render count per component so the tests can
// tell a re-render from none. Kept out of test/, where node --test would run it as a test file.
import { createElement as h, StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { LockstepClient, PresenceClient } from '../src/index.js';
import { enableImmer } from '../src/immer.js';
import { LockstepProvider, useDoc, useConnectionStatus, usePresence, useFeed } from '../src/react.js';

enableImmer();
const params = new URLSearchParams(location.search);
const room = params.get('room');
const user = params.get('user');
const renders = { counter: 0, notes: 0, status: 0, people: 0, feed: 0 };
window.renders = renders;

function useCounted(name) {
  renders[name]++;
}

function Counter() {
  useCounted('counter');
  const { data, ready, pending, queuedEdits, error, lost, update, submit, create } = useDoc(`react/${room}/counter`);
  useEffect(() => {
    if (ready && data === null) create('json0', { count: 0, list: [] });
  }, [ready, data, create]);
  return h('section', { id: 'counter' },
    h('output', { id: 'count' }, String(data?.count ?? '–')),
    h('span', { id: 'pending' }, pending ? `${queuedEdits} pending` : 'saved'),
    h('button', { id: 'increment', disabled: !data, onClick: () => update((draft) => { draft.count += 1; }) }, '+1'),
    h('button', { id: 'break', disabled: !data, onClick: () => submit([{ p: ['list', 3], li: 'x' }]) /* past the end: the server refuses it */ }, 'invalid edit'),
    h('span', { id: 'error' }, error ? error.code : ''),
    h('span', { id: 'lost', 'data-ops': lost ? JSON.stringify(lost.ops) : '' }, lost ? lost.reason : ''));
}

function Notes() {
  useCounted('notes');
  const { data, ready, update, create } = useDoc(`react/${room}/notes`);
  useEffect(() => {
    if (ready && data === null) create('text-unicode', '');
  }, [ready, data, create]);
  return h('textarea', { id: 'notes', value: data ?? '', disabled: data === null, onChange: (event) => update(event.target.value) });
}

function Status() {
  useCounted('status');
  return h('span', { id: 'status' }, useConnectionStatus());
}

function People() {
  useCounted('people');
  const { members } = usePresence(`react-${room}`, { user, meta: { name: user } });
  return h('ul', { id: 'people' }, members.map((member) => h('li', { key: member.conn }, member.user)));
}

function Feed() {
  useCounted('feed');
  const { events, open } = useFeed(`react/${room}/feed`, { types: ['note'] });
  return h('ol', { id: 'feed', 'data-open': String(open) }, events.map((event) => h('li', { key: event.id }, event.data.text)));
}

const client = new LockstepClient({ url: location.origin });
const presence = new PresenceClient({ url: location.origin });
window.client = client;
createRoot(document.getElementById('root')).render(
  h(StrictMode, null, h(LockstepProvider, { client, presence }, h(Status), h(Counter), h(Notes), h(People), h(Feed))),
);
