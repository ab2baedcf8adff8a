// Keeps a connection's token fresh (PROTOCOL decision "token refresh"): the token function is
// called again before the token expires and the new token is sent as `{"t":"auth"}` on the open
// connection. The expiry is the `exp` the server put in `welcome`/`authed`, or else the token's
// own `exp` claim. When the server refuses the new token, or does not know `auth` at all (an older
// server), the socket reconnects, which says hello with a fresh token: no queued edit is lost,
// since reconnecting resends them with their src/seq.

// Refresh this long before expiry: a third of the token's lifetime, at most a minute.
const MAX_LEAD_MS = 60000;

/** The `exp` claim of a JWT in epoch ms, or null (no token, not a JWT, no exp). */
export function tokenExpiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(payload)).exp;
    return Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export class TokenRefresh {
  #timer = null;
  #pendingId = null; // the id of our `auth` awaiting its reply
  #sentExpiry = null; // the expiry claim of the token it carries
  #generation = 0; // bumps on each connection, so a refresh of a closed one never lands

  /**
   * @param {object} options
   * @param {() => Promise<string>|string} options.token the app's token function
   * @param {(frame: object) => boolean} options.send sends a frame on the current connection
   * @param {() => number} options.nextId a request id unused on this connection
   * @param {(reason: string) => void} options.reconnect reconnects with a fresh hello
   */
  constructor({ token, send, nextId, reconnect }) {
    this.token = token;
    this.send = send;
    this.nextId = nextId;
    this.reconnect = reconnect;
  }

  /** A connection said welcome; `token` is the one its hello carried. */
  connected(welcome, token) {
    this.#generation++;
    this.#schedule(welcome.exp ?? tokenExpiry(token));
  }

  disconnected() {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#pendingId = null;
  }

  /** True when `frame` is the reply to our `auth` (and was handled here). */
  handle(frame) {
    if (this.#pendingId === null || frame.re !== this.#pendingId) return false;
    this.#pendingId = null;
    if (frame.t === 'authed') this.#schedule(frame.exp ?? this.#sentExpiry);
    else this.reconnect(`token refresh refused: ${frame.code}`); // a fresh hello, at once
    return true;
  }

  #schedule(expiresAt) {
    clearTimeout(this.#timer);
    if (typeof this.token !== 'function' || !Number.isFinite(expiresAt)) return;
    const left = expiresAt - Date.now();
    const lead = Math.min(MAX_LEAD_MS, left / 3);
    const generation = this.#generation;
    this.#timer = setTimeout(() => this.#refresh(generation), Math.max(0, left - lead));
    this.#timer.unref?.();
  }

  async #refresh(generation) {
    let token;
    try {
      token = await this.token();
    } catch (error) {
      if (generation === this.#generation) this.reconnect(`no token: ${error?.message ?? error}`);
      return;
    }
    if (generation !== this.#generation || !token) return;
    const id = this.nextId();
    this.#sentExpiry = tokenExpiry(token);
    if (this.send({ t: 'auth', id, token })) this.#pendingId = id;
  }
}
