// Presence rooms over WebSocket /presence (PROTOCOL.md §3): join with metadata, update it, leave,
// and a live member list with join/leave/update events. The socket reconnects by itself and every
// joined room is joined again after it does (the server dropped us from them with the socket).
import { Emitter } from './emitter.js';
import { ReconnectingSocket } from './reconnecting-socket.js';
import { LockstepError } from './errors.js';
import { applyPresenceDiff } from './presence-members.js';
import { webSocketUrl } from './urls.js';

/** One joined room. Events: 'members' (list), 'join'/'leave'/'update' (member list of the diff), 'error'. */
export class PresenceRoom extends Emitter {
  constructor(presence, room, user, meta) {
    super();
    this.presence = presence;
    this.room = room;
    this.user = user;
    this.meta = meta;
    this.members = [];
  }

  /** Replaces this connection's metadata in the room (a cursor, a name…). */
  setMeta(meta) {
    this.meta = meta;
    this.presence.socket.send({ t: 'meta', room: this.room, meta });
  }

  leave() {
    this.presence.leave(this.room);
  }

  // ---- called by PresenceClient ----

  join() {
    this.presence.request({ t: 'join', room: this.room, user: this.user, meta: this.meta }, (reply) => {
      if (reply.t === 'err') return this.emit('error', LockstepError.fromFrame(reply));
      this.#setMembers(reply.members);
    });
  }

  applyDiff(frame) {
    this.#setMembers(applyPresenceDiff(this.members, frame));
    for (const kind of ['join', 'leave', 'update']) if (frame[kind]?.length) this.emit(kind, frame[kind]);
  }

  #setMembers(members) {
    this.members = members;
    this.emit('members', members);
  }
}

export class PresenceClient extends Emitter {
  #rooms = new Map();
  #requests = new Map();
  #nextId = 1;

  /** @param {object} options url, token, WebSocket, backoff (as LockstepClient) */
  constructor(options) {
    super();
    this.options = options;
    this.socket = new ReconnectingSocket({
      url: webSocketUrl(options.url, '/presence'),
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
      backoff: options.backoff,
      token: options.token,
      nextId: () => this.#nextId++,
      hello: (token) => ({ t: 'hello', id: this.#nextId++, ...(token ? { token } : {}) }),
      heartbeatFrame: () => ({ t: 'hb' }),
    });
    this.socket.on('status', (event) => {
      if (event.status !== 'online') this.#requests.clear();
      this.emit('status', event);
      if (event.status === 'online') for (const room of this.#rooms.values()) room.join();
    });
    this.socket.on('frame', (frame) => this.#onFrame(frame));
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.start();
  }

  /** Joins `room` as `user` with `meta`; returns the room (its member list fills in on reply). */
  join(room, user, meta = {}) {
    let joined = this.#rooms.get(room);
    if (!joined) {
      joined = new PresenceRoom(this, room, user, meta);
      this.#rooms.set(room, joined);
      if (this.socket.online) joined.join();
    }
    return joined;
  }

  leave(room) {
    if (!this.#rooms.delete(room)) return;
    this.request({ t: 'leave', room }, () => {});
  }

  close() {
    this.socket.stop();
  }

  request(frame, onReply) {
    const id = this.#nextId++;
    if (this.socket.send({ ...frame, id })) this.#requests.set(id, onReply);
  }

  #onFrame(frame) {
    if (frame.re != null) {
      const handler = this.#requests.get(frame.re);
      this.#requests.delete(frame.re);
      handler?.(frame);
      if (frame.t === 'err' && frame.code === 'unauthorized') this.socket.restart('token refused');
    } else if (frame.t === 'presence') {
      this.#rooms.get(frame.room)?.applyDiff(frame);
    } else if (frame.t === 'left') {
      // The server took us out of a room we did not leave (silent past the TTL): join again.
      this.#rooms.get(frame.room)?.join();
    } else if (frame.t === 'err') {
      const error = LockstepError.fromFrame(frame);
      // After a token refresh took away the right to a room, the server took us out of it.
      const room = frame.left ? this.#rooms.get(frame.room) : null;
      if (room) {
        this.#rooms.delete(frame.room);
        room.emit('error', error);
      }
      this.emit('error', error);
    }
  }
}
