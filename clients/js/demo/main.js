// The demo app served by the Lockstep server at /: shared notes with everyone's carets, who is
// here, the room's board (a CRDT counter, title and tags) and the room's activity, all through
// the client SDK. Bundled into the server's webroot by `npm run build:demo`.
import { LockstepClient } from '../src/index.js';
import { demoSettings } from './settings.js';
import { bindNotes } from './notes-editor.js';
import { caretOverlay } from './caret-overlay.js';
import { startPresence } from './presence-panel.js';
import { bindBoard } from './board.js';
import { startActivityFeed } from './activity-feed.js';
import { showConnection } from './connection-banner.js';
import { keepPageForOffline } from './offline-shell.js';
import { showLostEdits } from './lost-notice.js';

// Edits to the notes are announced in the activity feed at most this often.
const ANNOUNCE_EDITS_EVERY_MS = 15000;

const element = (id) => document.getElementById(id);
const settings = demoSettings(location, localStorage);

element('my-name').textContent = settings.name;
element('my-colour').style.background = settings.colour;
element('room').textContent = settings.room;

const client = new LockstepClient({ url: settings.url, token: settings.token });
const notes = client.doc(settings.notesId);
const board = client.crdt(settings.boardId);
showConnection(client, [notes, board], {
  pill: element('status'), banner: element('offline-banner'), queued: element('queued-count'), authBanner: element('auth-banner'),
});

showLostEdits({ notes, board }, { notice: element('lost-notice'), text: element('lost-text'), dismiss: element('lost-dismiss') });

const activity = startActivityFeed(settings, element('activity'));
const textarea = element('notes');
const carets = caretOverlay(textarea, element('carets'));
const presence = startPresence(settings, { src: client.src, list: element('people'), textarea, onCarets: carets.show });

// The first page to open a room creates its documents; everyone else finds them.
async function opened(doc, type, initial) {
  await doc.ready;
  if (!doc.type) doc.create(type, initial);
}

opened(notes, 'text-unicode', '').then(() => {
  bindNotes(notes, textarea, { onCaretMove: presence.caretMoved });
  let announcedAt = 0;
  notes.on('op', (op, { src }) => carets.shift(op, src));
  notes.on('change', ({ source, op }) => {
    if (source === 'local' && op) carets.shift(op, client.src);
    carets.draw();
    if (source === 'local' && Date.now() - announcedAt > ANNOUNCE_EDITS_EVERY_MS) {
      announcedAt = Date.now();
      activity.publish('is editing the notes');
    }
  });
  carets.draw();
});

// A crdt document needs no creating: its first change creates it, on whichever screen that happens.
bindBoard(board, {
  count: element('count'), increment: element('increment'), title: element('room-title'),
  tags: element('tags'), tagInput: element('tag-input'), addTag: element('add-tag'),
  onIncrement: (count) => activity.publish(`raised the counter to ${count}`),
});

// Announced when the socket is (back) online, before the queued edits go out.
let wasOnline = false;
client.on('status', ({ status }) => {
  if (status !== 'online') return;
  const queued = client.queuedEdits;
  const withQueued = queued > 0 ? ` with ${queued} ${queued === 1 ? 'edit' : 'edits'} made offline` : '';
  activity.publish((wasOnline ? 'came back online' : 'joined') + withQueued);
  wasOnline = true;
});

keepPageForOffline().then((kept) => (document.body.dataset.offlineReady = String(kept)));

// For the browser console and the end-to-end tests.
window.lockstepDemo = { client, notes, board, settings };
