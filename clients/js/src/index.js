// @lockstep/client: documents (OT), presence and feeds for Lockstep servers.
export { LockstepClient } from './client.js';
export { Doc } from './doc.js';
export { CrdtDoc } from './crdt-doc.js';
export { canonicalText } from './crdt-state.js';
export { LockstepError } from './errors.js';
export { Emitter } from './emitter.js';
export { memoryStorage } from './identity.js';
export { MemoryPendingStore } from './pending-store.js';
export { IndexedDbPendingStore } from './indexeddb-pending-store.js';
export { diffJson0 } from './json0-diff.js';
export { textUnicodeOp, json0StringOps } from './text-diff.js';
export { textPositionAfter, codePointOffset, utf16Offset } from './text-position.js';
export { applyJson0 } from './json0-apply.js';
export { PresenceClient, PresenceRoom } from './presence.js';
export { applyPresenceDiff, membersByUser } from './presence-members.js';
export { FeedSubscription } from './feed.js';
