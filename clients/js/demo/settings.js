// Who this page is and which shared things it opens, from the address (?name=, ?room=, ?token=)
// or, for the name and user id, made up once and kept in localStorage. With a token the user id is
// its `sub`: the presence server refuses any other.

const ADJECTIVES = ['Amber', 'Brisk', 'Calm', 'Dusky', 'Eager', 'Gentle', 'Jolly', 'Keen', 'Lucky', 'Mellow', 'Nimble', 'Quiet', 'Sunny', 'Witty'];
const ANIMALS = ['Otter', 'Heron', 'Lynx', 'Panda', 'Robin', 'Koala', 'Badger', 'Falcon', 'Gecko', 'Puffin', 'Walrus', 'Wren'];
const COLOURS = ['#d9434b', '#d46f12', '#a88600', '#2f8f45', '#11909b', '#3563cc', '#7448c9', '#bf3f91'];

const pick = (list) => list[Math.floor(Math.random() * list.length)];

function remembered(storage, key, make) {
  let value = storage.getItem(key);
  if (!value) {
    value = make();
    storage.setItem(key, value);
  }
  return value;
}

// A name always gets the same colour, on every screen.
function colourOf(name) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length];
}

// The token is only read here, not checked: the server does that.
function subjectOf(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)).sub;
}

// Room names become part of document ids, which allow only [A-Za-z0-9._:/-].
function roomName(raw) {
  const cleaned = (raw ?? '').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64);
  return cleaned || 'lobby';
}

export function demoSettings(location, storage) {
  const params = new URLSearchParams(location.search);
  const room = roomName(params.get('room'));
  const token = params.get('token') || undefined;
  const user = token ? subjectOf(token) : remembered(storage, 'lockstep-demo.user', () => 'u-' + Math.random().toString(36).slice(2, 10));
  const name = params.get('name')?.trim().slice(0, 40)
    || remembered(storage, 'lockstep-demo.name', () => `${pick(ADJECTIVES)} ${pick(ANIMALS)}`);
  return {
    url: location.origin, // the page is served by the Lockstep server it talks to
    token,
    room,
    user,
    name,
    colour: colourOf(name),
    notesId: `demo/${room}/notes`,
    boardId: `demo/${room}/board`,
    presenceRoom: `doc:demo/${room}/notes`,
    activityChannel: `demo/${room}/activity`,
  };
}
