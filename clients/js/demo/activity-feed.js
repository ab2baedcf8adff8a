// The room's activity: a feed channel (Server-Sent Events) that every page publishes short notes
// to with POST /feeds/{channel} and reads with the SDK's FeedSubscription.
import { FeedSubscription } from '../src/index.js';

const KEEP = 30;

export function startActivityFeed(settings, list) {
  const path = `/feeds/${encodeURIComponent(settings.activityChannel)}`;
  const feed = new FeedSubscription({ url: settings.url, channel: settings.activityChannel, token: settings.token, types: ['activity'] });
  list.dataset.state = 'connecting';
  feed.on('open', () => (list.dataset.state = 'live'));
  feed.on('activity', (event) => add(list, event, settings.user));

  return {
    /** Tells the room what this user did; lost quietly when offline (the feed is live only). */
    publish(what) {
      const headers = { 'content-type': 'application/json' };
      if (settings.token) headers.authorization = `Bearer ${settings.token}`;
      const data = { user: settings.user, name: settings.name, colour: settings.colour, what, at: Date.now() };
      fetch(path, { method: 'POST', headers, body: JSON.stringify({ event: 'activity', data }) }).catch(() => {});
    },
  };
}

function add(list, { user, name, colour, what, at }, me) {
  const item = document.createElement('li');
  item.innerHTML = '<time></time><b></b> <span></span>';
  item.querySelector('time').textContent = new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  item.querySelector('b').textContent = user === me ? 'You' : name;
  item.querySelector('b').style.color = colour;
  item.querySelector('span').textContent = what;
  list.prepend(item);
  while (list.children.length > KEEP) list.lastElementChild.remove();
}
