// One client per Lockstep server: the /sync socket, the client's identity (src/seq), the open
// documents, and request/reply matching. Every frame is handled synchronously in arrival order,
// because replies and live ops of one document must be applied in exactly that order.
import { Emitter } from './emitter.js';
import { ReconnectingSocket } from './reconnecting-socket.js';
import { Identity } from './identity.js';
import { MemoryPendingStore } from './pending-store.js';
import { IndexedDbPendingStore } from './indexeddb-pending-store.js';
import { TabQueue } from './tab-queue.js';
import { Doc } from './doc.js';
import { CrdtDoc } from './crdt-doc.js';
import { webSocketUrl } from './urls.js';
import { LockstepError } from './errors.js';

function defaultPendingStore() {
  return globalThis.indexedDB ? new IndexedDbPendingStore() : new MemoryPendingStore();
}

/**
 * Events: 'status' {status, reason} ('connecting' | 'online' | 'offline'), 'error' (LockstepError
 * not tied to a document).
 */
export class LockstepClient extends Emitter {
  #docs = new Map();
  #appDocs = new Set(); // opened by the app (the others only flush what a gone tab left)
  #requests = new Map();
  #nextId = 1;
  #adoptTimer = null;
  #adopting = false;

  /**
   * @param {object} options see README.md: url, token, WebSocket, storage, pendingStore, locks,
   *   adoptEveryMs, ackTimeoutMs, backoff, autoConnect
   */
  constructor(options) {
    super();
    this.options = { ackTimeoutMs: 10000, adoptEveryMs: 5000, ...options };
    this.identity = new Identity(options.storage);
    this.pendingStore = options.pendingStore ?? defaultPendingStore();
    this.queue = new TabQueue({ owner: this.identity.src, store: this.pendingStore, locks: options.locks });
    this.socket = new ReconnectingSocket({
      url: webSocketUrl(options.url, '/sync'),
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
      protocol: 'lockstep.v1',
      backoff: options.backoff,
      token: options.token,
      nextId: () => this.#id(),
      hello: (token) => ({ t: 'hello', id: this.#id(), src: this.identity.src, batch: true, ...(token ? { token } : {}) }),
      heartbeatFrame: () => ({ t: 'ping', id: this.#id() }),
    });
    this.socket.on('status', (event) => this.#onStatus(event));
    this.socket.on('frame', (frame) => this.#onFrame(frame));
    this.socket.on('error', (error) => this.emit('error', error));
    if (options.autoConnect !== false) this.connect();
  }

  get src() {
    return this.identity.src;
  }

  get status() {
    return this.socket.status;
  }

  get online() {
    return this.socket.online;
  }

  /** Local edits not yet acknowledged, over every open document (see Doc.queuedEdits). */
  get queuedEdits() {
    let count = 0;
    for (const doc of this.#docs.values()) count += doc.queuedEdits;
    return count;
  }

  connect() {
    this.socket.start();
    this.#adoptOrphans();
    clearInterval(this.#adoptTimer);
    this.#adoptTimer = setInterval(() => this.#adoptOrphans(), this.options.adoptEveryMs);
    this.#adoptTimer.unref?.();
  }

  /**
   * Closes the socket for good. Documents stay readable; queued edits stay in the pending store,
   * where another client instance (tab) may adopt and send them.
   */
  close() {
    clearInterval(this.#adoptTimer);
    this.socket.stop();
    this.queue.release();
  }

  /** The document with this id, opened (subscribed) on first use. */
  doc(id) {
    this.#appDocs.add(id);
    return this.#open(id, Doc);
  }

  /**
   * The `crdt` document with this id (counters, registers, sets; docs/protocol.md §6), opened on
   * first use and created by its first op when it does not exist yet.
   */
  crdt(id) {
    this.#appDocs.add(id);
    return this.#open(id, CrdtDoc);
  }

  /**
   * The document as it was at version `v` (docs/protocol.md §8): resolves to {v, type, data}
   * (and `value`, the plain view, for a crdt document), `type` and `data` null when it did not
   * exist at that version. Rejects with a LockstepError:
   * `version_ahead` past its current version, `not_found` when that history is no longer kept,
   * `forbidden` without the read right, `timeout` when no reply came within ackTimeoutMs.
   */
  async snapshotAt(id, v) {
    const reply = await this.#ask({ t: 'snap', doc: id, v });
    const snapshot = { v: reply.v, type: reply.type ?? null, data: reply.data ?? null };
    if (reply.value !== undefined) snapshot.value = reply.value; // a crdt document's plain view
    return snapshot;
  }

  /**
   * Deletes the document (a committed op: subscribers see it go, and it reads as missing until
   * created again). Resolves to {v}, the deletion's version. Rejects with a LockstepError:
   * `not_found` when it does not exist, `forbidden` without the write right, `timeout`. Resent
   * after a reconnect with the same src/seq, so it deletes at most once.
   */
  async deleteDoc(id) {
    const frame = { t: 'del', doc: id, ...this.claimSeq() };
    // The server acks our own deletion instead of sending it to us as an op: an open document of
    // this client takes it as one, in its place among the frames (a duplicate is ignored).
    const reply = await this.#ask(frame, (ack) =>
      this.#docs.get(id)?.receive({ t: 'op', doc: id, v: ack.v, src: frame.src, seq: frame.seq, del: true }));
    return { v: reply.v };
  }

  // One request with its reply as a promise: sent once online, sent again after a reconnect
  // (the socket's requests are forgotten then), given up after ackTimeoutMs. `onAnswer` sees a
  // successful reply as it arrives, before any later frame.
  #ask(frame, onAnswer) {
    return new Promise((resolve, reject) => {
      let offStatus = () => {};
      const finish = (settle, value) => {
        clearTimeout(timer);
        offStatus();
        settle(value);
      };
      const timer = setTimeout(
        () => finish(reject, new LockstepError('timeout', `no reply to ${frame.t} of ${frame.doc} within ${this.options.ackTimeoutMs} ms`, { doc: frame.doc })),
        this.options.ackTimeoutMs,
      );
      const send = () =>
        this.request(frame, (reply) => {
          if (reply.t === 'err') {
            finish(reject, LockstepError.fromFrame(reply, { doc: frame.doc }));
          } else {
            onAnswer?.(reply);
            finish(resolve, reply);
          }
        });
      offStatus = this.on('status', ({ status }) => {
        if (status === 'online') send();
      });
      send();
    });
  }

  #open(id, Kind) {
    let doc = this.#docs.get(id);
    if (doc && !(doc instanceof Kind)) {
      throw new LockstepError('conflict', `document ${id} is open as ${doc instanceof CrdtDoc ? 'a crdt' : 'an OT'} document`);
    }
    if (!doc) {
      doc = new Kind(this, id);
      this.#docs.set(id, doc);
      doc.open();
    }
    return doc;
  }

  // Takes over the queued edits of tabs that are gone (tab-queue.js), one record at a time; a
  // document the app has not opened is opened for as long as it takes to send them.
  async #adoptOrphans() {
    if (this.#adopting) return;
    this.#adopting = true;
    try {
      for (const { doc: id, owner } of await this.queue.orphans()) {
        const opened = this.#docs.has(id);
        const record = opened ? null : await this.pendingStore.get(id, owner);
        const doc = this.#open(id, opened ? this.#docs.get(id).constructor : record?.kind === 'crdt' ? CrdtDoc : Doc);
        await doc.opened;
        const adopted = await doc.adopt(owner);
        if (!adopted && !opened && !this.#appDocs.has(id)) doc.close();
        if (adopted && !this.#appDocs.has(id)) doc.settled().then(() => !this.#appDocs.has(id) && doc.close());
      }
    } catch (error) {
      this.emit('error', new LockstepError('storage', `could not look for queued edits of closed tabs: ${error?.message ?? error}`));
    } finally {
      this.#adopting = false;
    }
  }

  /** Sends a request frame; `onReply` gets its reply (or `err`) synchronously on arrival. */
  request(frame, onReply) {
    const id = this.#id();
    if (!this.socket.send({ ...frame, id })) return null;
    this.#requests.set(id, onReply);
    return id;
  }

  claimSeq() {
    return { src: this.identity.src, seq: this.identity.nextSeq() };
  }

  /** Reconnects with a fresh hello: for an expired token or a socket we stopped trusting. */
  reconnect(reason) {
    this.socket.restart(reason);
  }

  forgetDoc(id) {
    this.#docs.delete(id);
  }

  #id() {
    return this.#nextId++;
  }

  #onStatus(event) {
    if (event.status !== 'online') {
      // Replies to requests of a lost socket never come; the documents redo their work.
      this.#requests.clear();
    }
    this.emit('status', event);
    for (const doc of this.#docs.values()) {
      if (event.status === 'online') doc.connected();
      else doc.disconnected();
    }
    if (event.status === 'online') this.#adoptOrphans();
  }

  #onFrame(frame) {
    if (frame.re !== undefined && frame.re !== null) {
      const handler = this.#requests.get(frame.re);
      this.#requests.delete(frame.re);
      handler?.(frame);
      if (frame.t === 'err' && frame.code === 'unauthorized') this.reconnect('token refused');
      return;
    }
    if (frame.doc !== undefined) this.#docs.get(frame.doc)?.receive(frame);
    else if (frame.t === 'err') this.emit('error', LockstepError.fromFrame(frame));
  }
}
