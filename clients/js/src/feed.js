// A live feed over Server-Sent Events (PROTOCOL.md §4). EventSource reconnects by itself and
// sends Last-Event-ID; when it gives up (closed for good), we open a new one that resumes with
// ?since=<last id>, so no event is lost or repeated either way. A stream the server ends because
// its token expired (a last `event: expired`) is reopened at once with a fresh token, since
// EventSource would retry with the expired one. Node needs an EventSource implementation passed in
// (e.g. the `eventsource` package).
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { httpUrl } from './urls.js';

const CLOSED = 2;
const BUILT_IN_TYPES = ['message', 'op', 'presence', 'reset'];

/**
 * Events: each SSE event type ('message', 'op', 'presence', 'reset', or any name given in
 * `types`) with (data, {id, type}); 'open'; 'error'.
 */
export class FeedSubscription extends Emitter {
  #source = null;
  #retryTimer = null;
  #closed = false;

  /**
   * @param {object} options url (server), channel, token (a string, or a function called on each
   *   open, so a stream the server ended for an expired token reopens with a fresh one), since (an
   *   event id to resume after),
   *   types (extra event names to listen for), EventSource
   */
  constructor({ url, channel, token, since = null, types = [], EventSource = globalThis.EventSource, backoff }) {
    super();
    if (!EventSource) throw new Error('no EventSource: pass one (in Node, e.g. the `eventsource` package)');
    this.url = url;
    this.channel = channel;
    this.token = token;
    this.lastEventId = since;
    this.types = [...new Set([...BUILT_IN_TYPES, ...types])];
    this.EventSource = EventSource;
    this.backoff = new Backoff(backoff);
    this.#open();
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#source?.close();
  }

  #address(token) {
    const address = new URL(httpUrl(this.url, `/feeds/${encodeURIComponent(this.channel)}`));
    if (this.lastEventId !== null) address.searchParams.set('since', this.lastEventId);
    if (token) address.searchParams.set('token', token); // EventSource cannot set headers
    return address.toString();
  }

  async #open() {
    let token;
    try {
      token = typeof this.token === 'function' ? await this.token() : this.token;
    } catch (error) {
      this.emit('error', error);
      if (!this.#closed) this.#retryTimer = setTimeout(() => this.#open(), this.backoff.next());
      return;
    }
    if (this.#closed) return;
    const source = new this.EventSource(this.#address(token));
    this.#source = source;
    source.onopen = () => {
      this.backoff.reset();
      this.emit('open');
    };
    source.onerror = (event) => {
      this.emit('error', event);
      // While CONNECTING the browser retries by itself; CLOSED means it gave up.
      if (source.readyState === CLOSED && !this.#closed && this.#source === source) {
        this.#retryTimer = setTimeout(() => this.#open(), this.backoff.next());
      }
    };
    for (const type of this.types) source.addEventListener(type, (event) => this.#deliver(type, event));
    source.addEventListener('expired', () => this.#reopen(source));
  }

  // The server ended the stream at its token's expiry: a new one, with a fresh token, from the last id.
  #reopen(source) {
    if (this.#closed || this.#source !== source) return;
    source.close();
    this.#open();
  }

  #deliver(type, event) {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    let data = event.data;
    try {
      data = JSON.parse(event.data);
    } catch {
      // Not JSON: hand the text over as it is.
    }
    this.emit(type, data, { id: event.lastEventId, type });
  }
}
