// One WebSocket that keeps itself open: connect, say hello, wait for welcome, heartbeat, keep the
// token fresh (token-refresh.js), and on any loss reconnect with backoff. Used by the document client (/sync) and the presence client
// (/presence), which differ only in their hello and heartbeat frames.
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { LockstepError } from './errors.js';
import { TokenRefresh } from './token-refresh.js';

const OPEN = 1;
// The close code of a connection whose token expired without a refresh: reconnect at once.
const TOKEN_EXPIRED = 4001;

/**
 * Events: 'status' {status: 'connecting'|'online'|'offline', reason}, 'welcome' (frame),
 * 'frame' (every frame after welcome, batches unpacked, in arrival order), 'error' (LockstepError).
 */
export class ReconnectingSocket extends Emitter {
  #ws = null;
  #status = 'offline';
  #stopped = true;
  #retryTimer = null;
  #heartbeatTimer = null;
  #lastFrameAt = 0;
  #browserOffline = false;
  #removeOnlineListeners = () => {};

  /**
   * @param {object} options
   * @param {string} options.url ws:// or wss:// address
   * @param {Function} options.WebSocket a WebSocket constructor (the browser's, or `ws` in Node)
   * @param {(token: string|undefined) => object} options.hello builds the hello frame
   * @param {string|(() => string|Promise<string>)} [options.token] a token, or a function called
   *   for each hello and before each expiry
   * @param {() => number} options.nextId a fresh request id
   * @param {() => object} options.heartbeatFrame the frame sent every heartbeat
   * @param {object} [options.backoff] Backoff options
   */
  constructor({ url, WebSocket, protocol, hello, token, nextId, heartbeatFrame, backoff }) {
    super();
    if (!WebSocket) throw new Error('no WebSocket constructor: pass one (in Node 20, the `ws` package)');
    this.url = url;
    this.WebSocket = WebSocket;
    this.protocol = protocol;
    this.hello = hello;
    this.token = token;
    this.heartbeatFrame = heartbeatFrame;
    this.backoff = new Backoff(backoff);
    this.refresh = new TokenRefresh({
      token,
      nextId,
      send: (frame) => this.send(frame),
      reconnect: (reason) => this.restart(reason, { now: true }),
    });
  }

  get status() {
    return this.#status;
  }

  get online() {
    return this.#status === 'online';
  }

  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#watchBrowserConnectivity();
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    this.#removeOnlineListeners();
    clearTimeout(this.#retryTimer);
    this.#drop('closed by the app');
  }

  /**
   * Closes the current socket and reconnects: for a socket we no longer trust (after backoff), or
   * with `now` for one whose token expired (a fresh hello fixes that at once).
   */
  restart(reason, { now = false } = {}) {
    this.#drop(reason);
    this.#scheduleReconnect({ now });
  }

  /** Sends a frame when online; returns false (and sends nothing) otherwise. */
  send(frame) {
    if (!this.online || this.#ws.readyState !== OPEN) return false;
    this.#ws.send(JSON.stringify(frame));
    return true;
  }

  #setStatus(status, reason) {
    if (this.#status === status && status !== 'offline') return;
    this.#status = status;
    this.emit('status', { status, reason });
  }

  #connect() {
    if (this.#stopped || this.#browserOffline) return;
    this.#setStatus('connecting');
    let ws;
    try {
      ws = new this.WebSocket(this.url, this.protocol);
    } catch (error) {
      this.#setStatus('offline', String(error?.message ?? error));
      this.#scheduleReconnect();
      return;
    }
    this.#ws = ws;
    let helloId = null;
    let token;
    ws.onopen = async () => {
      let hello;
      try {
        token = typeof this.token === 'function' ? await this.token() : this.token;
        hello = this.hello(token || undefined);
      } catch (error) {
        this.restart(`no hello: ${error?.message ?? error}`);
        return;
      }
      if (this.#ws !== ws || ws.readyState !== OPEN) return;
      helloId = hello.id;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (this.#status !== 'online') this.#beforeWelcome(frame, helloId, token);
      else this.#deliver(frame);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#stopHeartbeat();
      this.refresh.disconnected();
      this.#setStatus('offline', `socket closed (${event?.code ?? 'no code'}${event?.reason ? ': ' + event.reason : ''})`);
      // A fresh token fixes an expired one: come back at once rather than after a backoff.
      this.#scheduleReconnect({ now: event?.code === TOKEN_EXPIRED });
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => {};
  }

  #beforeWelcome(frame, helloId, token) {
    if (frame.t === 'welcome' && frame.re === helloId) {
      this.backoff.reset();
      this.#startHeartbeat(frame.heartbeat);
      this.#setStatus('online');
      this.refresh.connected(frame, token);
      this.emit('welcome', frame);
    } else if (frame.t === 'err' && frame.re === helloId) {
      const error = LockstepError.fromFrame(frame);
      this.emit('error', error);
      this.restart(`hello refused: ${error.code}`);
    }
  }

  #deliver(frame) {
    if (frame.t === 'batch' && Array.isArray(frame.frames)) {
      for (const inner of frame.frames) this.#deliverOne(inner);
    } else {
      this.#deliverOne(frame);
    }
  }

  #deliverOne(frame) {
    if (this.refresh.handle(frame)) return;
    // "token expired" (no request of ours caused it): the server closes the socket next. A fresh
    // hello fixes it; if it cannot, its refusal is reported then.
    if (frame.t === 'err' && frame.code === 'unauthorized' && frame.re == null) {
      this.restart('token expired', { now: true });
      return;
    }
    this.emit('frame', frame);
  }

  // Heartbeats keep proxies from closing an idle socket, and a socket that stays silent for two
  // heartbeats is treated as dead: a half-open TCP connection never fires `close` by itself.
  #startHeartbeat(heartbeatMs) {
    const every = Math.max(1000, Number(heartbeatMs) || 25000);
    this.#stopHeartbeat();
    this.#heartbeatTimer = setInterval(() => {
      if (Date.now() - this.#lastFrameAt > 2 * every) {
        this.restart('no frame for two heartbeats');
        return;
      }
      this.send(this.heartbeatFrame());
    }, every);
    this.#heartbeatTimer.unref?.();
  }

  #stopHeartbeat() {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  #drop(reason) {
    const ws = this.#ws;
    this.#ws = null;
    this.#stopHeartbeat();
    this.refresh.disconnected();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close();
      } catch {
        // Closing a socket that never opened can throw; it is gone either way.
      }
    }
    if (this.#status !== 'offline') this.#setStatus('offline', reason);
  }

  #scheduleReconnect({ now = false } = {}) {
    clearTimeout(this.#retryTimer);
    if (this.#stopped || this.#browserOffline) return;
    this.#retryTimer = setTimeout(() => this.#connect(), now ? 0 : this.backoff.next());
  }

  // In browsers, `offline` means there is no network at all: stop trying until `online`.
  #watchBrowserConnectivity() {
    const target = globalThis.window;
    if (!target?.addEventListener || typeof navigator === 'undefined') return;
    const onOffline = () => {
      this.#browserOffline = true;
      clearTimeout(this.#retryTimer);
      this.#drop('browser is offline');
    };
    const onOnline = () => {
      this.#browserOffline = false;
      this.backoff.reset();
      if (!this.#ws) this.#connect();
    };
    this.#browserOffline = navigator.onLine === false;
    target.addEventListener('offline', onOffline);
    target.addEventListener('online', onOnline);
    this.#removeOnlineListeners = () => {
      target.removeEventListener('offline', onOffline);
      target.removeEventListener('online', onOnline);
    };
    if (this.#browserOffline) this.#setStatus('offline', 'browser is offline');
  }
}
