// Who is here: joins the notes' presence room with this page's name, colour and caret, lists the
// people in it (one entry per user, however many tabs they have open) and hands the others'
// carets to the caret overlay.
import { PresenceClient, membersByUser, codePointOffset } from '../src/index.js';

// The server refuses meta updates faster than its rate limit; a caret moves far more often.
const META_EVERY_MS = 100;

export function startPresence(settings, { src, list, textarea, onCarets }) {
  const presence = new PresenceClient({ url: settings.url, token: settings.token });
  const meta = () => ({
    name: settings.name,
    colour: settings.colour,
    src, // the sync client id, which remote ops carry: tells others whose edit moved this caret
    // Code points, as text-unicode counts: the same offset on every screen, whatever its text box counts.
    caret: document.activeElement === textarea ? codePointOffset(textarea.value, textarea.selectionStart) : null,
  });
  const room = presence.join(settings.presenceRoom, settings.user, meta());

  let timer = null;
  let lastSent = '';
  const sendCaret = () => {
    timer = null;
    const next = meta();
    const text = JSON.stringify(next);
    if (text !== lastSent) {
      lastSent = text;
      room.setMeta(next);
    }
  };

  room.on('members', (members) => {
    render(list, settings.user, members);
    onCarets(members.filter((member) => member.user !== settings.user).map((member) => member.meta));
  });
  presence.on('status', ({ status }) => list.classList.toggle('stale', status !== 'online'));

  return {
    caretMoved() {
      if (timer === null) timer = setTimeout(sendCaret, META_EVERY_MS);
    },
  };
}

function render(list, me, members) {
  const users = [...membersByUser(members)].sort(([a], [b]) => (a === me ? -1 : b === me ? 1 : a.localeCompare(b)));
  list.replaceChildren(...users.map(([user, tabs]) => {
    const { name = user, colour = '#888' } = tabs[0].meta ?? {};
    const typing = tabs.some((tab) => tab.meta?.caret != null);
    const item = document.createElement('li');
    item.dataset.user = user;
    item.innerHTML = '<span class="avatar"></span><span class="who"></span><span class="where"></span>';
    item.querySelector('.avatar').style.background = colour;
    item.querySelector('.avatar').textContent = name.slice(0, 1).toUpperCase();
    item.querySelector('.who').textContent = name + (user === me ? ' (you)' : '');
    item.querySelector('.where').textContent = (typing ? 'in the notes' : 'looking around') + (tabs.length > 1 ? ` · ${tabs.length} tabs` : '');
    return item;
  }));
}
