// React hooks for Lockstep, a separate entry point ('@lockstep/client/react') so that apps without
// React never load it; React (18 or later) is an optional peer dependency. Each hook reads an SDK
// object through useSyncExternalStore with a snapshot that is replaced only when something changed,
// so a component re-renders when its document, room, feed or connection changes, and only then.
//
//   <LockstepProvider client={client} presence={presenceClient}> … </LockstepProvider>
//   const { data, pending, queuedEdits, error, lost, ready, update, submit } = useDoc('notes/1');
//   const status = useConnectionStatus();
//   const { members, setMeta } = usePresence('doc:notes/1', { user, meta });
//   const { events, open } = useFeed('ticker', { types: ['price'], limit: 50 });
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { FeedSubscription } from './feed.js';
import { otType } from './ot-types.js';
import { canUpdateWithRecipes } from './doc.js';

const LockstepContext = createContext(null);

/**
 * Makes a LockstepClient (and optionally a PresenceClient, and the options feeds are opened with:
 * url, token, EventSource) available to the hooks below it.
 */
export function LockstepProvider({ client, presence = null, feeds = null, children }) {
  const value = useMemo(() => ({ client, presence, feeds }), [client, presence, feeds]);
  return createElement(LockstepContext.Provider, { value }, children);
}

function useLockstep(what) {
  const value = useContext(LockstepContext);
  if (!value?.[what]) throw new Error(`${what === 'client' ? 'useDoc and useConnectionStatus need' : `this hook needs a ${what} in`} <LockstepProvider>`);
  return value;
}

// ---- documents ----

// One external store per document, shared by every component that shows it.
const docStores = new WeakMap();

function docStore(doc) {
  let store = docStores.get(doc);
  if (store) return store;
  let ready = false;
  let error = null;
  let lost = null;
  const read = () => ({
    data: doc.data, version: doc.version, type: doc.type, ready, pending: doc.hasPendingOps, queuedEdits: doc.queuedEdits, error, lost,
  });
  let snapshot = read();
  const listeners = new Set();
  const changed = () => {
    const next = read();
    if (Object.keys(next).every((key) => next[key] === snapshot[key])) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  doc.ready.then(() => {
    ready = true;
    changed();
  });
  doc.on('change', changed);
  doc.on('ack', changed);
  doc.on('error', (e) => {
    error = e;
    changed();
  });
  doc.on('lost', (event) => {
    lost = event;
    changed();
  });
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
  docStores.set(doc, store);
  return store;
}

/**
 * A document's state, re-rendered on each change, with its edit functions. `update(change)` takes
 * an Immer recipe (after enableImmer() from '@lockstep/client/immer'), or a function from the
 * current value to the next one, or the next value itself; the edit is applied at once (optimistic)
 * and `pending` is true until the server acknowledges it. `error` is the last refusal, `lost` the
 * last edits that could not be kept ({ops, reason}). The document stays open after unmounting.
 */
export function useDoc(id) {
  const { client } = useLockstep('client');
  const doc = client.doc(id);
  const store = docStore(doc);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const update = useCallback((change) => {
    if (doc.type === 'json0' && typeof change === 'function' && canUpdateWithRecipes()) {
      doc.update(change);
      return;
    }
    const next = typeof change === 'function' ? change(doc.data) : change;
    const op = otType(doc.type).diff(doc.data, next);
    if (!otType(doc.type).isNoop(op)) doc.submit(op);
  }, [doc]);
  const submit = useCallback((op) => doc.submit(op), [doc]);
  const create = useCallback((type, data) => doc.create(type, data), [doc]);
  return useMemo(() => ({ ...state, doc, update, submit, create }), [state, doc, update, submit, create]);
}

// ---- connection ----

/** 'connecting' | 'online' | 'offline', re-rendered when it changes. */
export function useConnectionStatus() {
  const { client } = useLockstep('client');
  const subscribe = useCallback((listener) => client.on('status', listener), [client]);
  return useSyncExternalStore(subscribe, () => client.status, () => client.status);
}

// ---- presence ----

const NO_MEMBERS = [];

/**
 * Joins `room` as `user` for as long as the component is mounted; `members` is the live list.
 * `setMeta` replaces this connection's metadata (a cursor, a name…).
 */
export function usePresence(room, { user, meta = {} } = {}) {
  const { presence } = useLockstep('presence');
  const [joined, setJoined] = useState(null);
  useEffect(() => {
    const current = presence.join(room, user, meta);
    setJoined(current);
    return () => current.leave();
    // meta is only the metadata to join with: later changes go through setMeta.
  }, [presence, room, user]); // eslint-disable-line react-hooks/exhaustive-deps
  const subscribe = useCallback((listener) => (joined ? joined.on('members', listener) : () => {}), [joined]);
  const read = () => joined?.members ?? NO_MEMBERS;
  const members = useSyncExternalStore(subscribe, read, read);
  const setMeta = useCallback((next) => joined?.setMeta(next), [joined]);
  return { members, setMeta };
}

// ---- feeds ----

/**
 * The events of a live feed channel since the component mounted, newest last, at most `limit`
 * (default 50); `types` are extra event names to listen for. `open` is true while connected.
 */
export function useFeed(channel, { types = [], limit = 50 } = {}) {
  const { client, feeds } = useContext(LockstepContext) ?? {};
  const [state, setState] = useState({ events: [], open: false });
  const typeList = types.join(',');
  useEffect(() => {
    const options = { url: client?.options.url, token: client?.options.token, ...feeds };
    const feed = new FeedSubscription({ ...options, channel, types: typeList ? typeList.split(',') : [] });
    setState({ events: [], open: false });
    const add = (type) => (data, meta) => setState((previous) => ({
      ...previous, events: [...previous.events, { type, id: meta.id, data }].slice(-limit),
    }));
    for (const type of feed.types) feed.on(type, add(type));
    feed.on('open', () => setState((previous) => (previous.open ? previous : { ...previous, open: true })));
    feed.on('error', () => setState((previous) => (previous.open ? { ...previous, open: false } : previous)));
    return () => feed.close();
  }, [client, feeds, channel, typeList, limit]);
  return state;
}
