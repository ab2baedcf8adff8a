// Compiled by test/typings.test.js with `tsc --noEmit`: what an app writes against the package's
// typings, through its own export map ('@lockstep/client', '/immer', '/redux', '/react'). A line
// marked @ts-expect-error must fail to compile, so a declaration that loosened to `any` (or a
// required option the runtime does not need) fails the test too.
import { LockstepClient, PresenceClient, FeedSubscription, MemoryPendingStore, diffJson0, type Doc, type Json0Op, type Status } from '@lockstep/client';
import { enableImmer, recipeToJson0 } from '@lockstep/client/immer';
import { bindDocToStore, docReducer, DOC_CHANGED } from '@lockstep/client/redux';
import { LockstepProvider, useDoc, useConnectionStatus, usePresence, useFeed, type UseDoc } from '@lockstep/client/react';

interface Board { title: string; votes: number; cards: string[] }

const client = new LockstepClient({ url: 'http://localhost:8080', token: async () => 'jwt', pendingStore: new MemoryPendingStore() });
// @ts-expect-error the url is required
new LockstepClient({ token: 'jwt' });

const doc: Doc<Board> = client.doc<Board>('boards/1');
const title: string = doc.data.title;
doc.on('lost', ({ ops, reason }) => console.log(ops.length, reason));
doc.on('recovered', ({ v, kept, lost }) => console.log(v, kept, lost.length));
// @ts-expect-error an unknown document type
doc.create('markdown', '');

async function history(): Promise<number> {
  const earlier = await client.snapshotAt<Board>('boards/1', 3);
  const votes: number | undefined = earlier.data?.votes;
  // @ts-expect-error the version is a number
  await client.snapshotAt('boards/1', '3');
  const { v } = await client.deleteDoc('boards/1');
  return v + (votes ?? 0);
}

enableImmer();
doc.update((draft) => {
  draft.votes += 1;
});
const op: Json0Op = recipeToJson0<Board>(doc.data, (draft) => {
  draft.cards.push('x');
});
const diff: Json0Op = diffJson0({ n: 1 }, { n: 2 });

const counter = client.crdt<{ likes: number; tags: string[] }>('likes/1');
counter.increment('likes');
counter.add('tags', 'new');
// @ts-expect-error tags is a set, not a counter
counter.increment('tags');

const store = {
  dispatch: (action: unknown) => action,
  getState: () => ({ board: null as Board | null }),
  subscribe: (listener: () => void) => () => void listener,
};
const unbind: () => void = bindDocToStore(doc, store, (state) => state.board as Board);
const reducer = docReducer<Board>('boards/1');
const mirrored: Board | null = reducer(undefined, { type: DOC_CHANGED, doc: 'boards/1', data: doc.data });

const presence = new PresenceClient({ url: 'http://localhost:8080' });
const feed = new FeedSubscription({ url: 'http://localhost:8080', channel: 'ticker', types: ['price'] });
feed.on('price', (data, meta) => console.log(data, meta.id));

// The hooks, as a component would call them (not run here: only their types are checked).
function Component() {
  const board: UseDoc<Board> = useDoc<Board>('boards/1');
  const votes: number = board.data.votes;
  const pending: boolean = board.pending;
  const lostReason: string | undefined = board.lost?.reason;
  board.update((draft) => {
    draft.votes += 1;
  });
  board.update({ title: 't', votes: 0, cards: [] });
  // @ts-expect-error not a Board
  board.update({ title: 1 });
  const status: Status = useConnectionStatus();
  // The options of usePresence are optional, as at run time; so is `user` (the token's `sub`).
  const everyone = usePresence('room-1');
  const named = usePresence('room-1', { user: 'ada', meta: { name: 'Ada' } });
  const anonymous = usePresence('room-1', { meta: { cursor: 3 } });
  named.setMeta({ cursor: 4 });
  const { events, open } = useFeed<{ price: number }>('ticker', { types: ['price'], limit: 10 });
  const firstPrice: number | undefined = events[0]?.data.price;
  // @ts-expect-error limit is a number
  useFeed('ticker', { limit: '10' });
  return [votes, pending, lostReason, status, everyone.members, anonymous.members, open, firstPrice];
}

const provider = LockstepProvider({ client, presence, feeds: { url: 'http://localhost:8080' }, children: null });

export { title, op, diff, unbind, mirrored, Component, provider, history };
