// Types for @lockstep/client (the package is plain JavaScript; these describe its public API).

export type Status = 'connecting' | 'online' | 'offline';
export interface StatusEvent { status: Status; reason?: string }
export type Json0Op = Array<{ p: Array<string | number>; [instruction: string]: unknown }>;
export type TextUnicodeOp = Array<number | string | { d: number | string }>;
export type Op = Json0Op | TextUnicodeOp;
export type Unsubscribe = () => void;

export class Emitter {
  on(event: string, handler: (...args: any[]) => void): Unsubscribe;
  once(event: string, handler: (...args: any[]) => void): Unsubscribe;
  off(event: string, handler: (...args: any[]) => void): void;
}

export class LockstepError extends Error {
  code: string;
  doc?: string;
  op?: Op;
  /** For `unavailable`: how long the server asks to wait before the same request again. */
  retryMs?: number;
  readonly temporary: boolean;
  /** retryMs plus up to half of it again at random, or `fallbackMs` without one. */
  retryDelay(fallbackMs: number): number;
}

/** Web Storage–shaped. Keeps `src` and the seq counter across client instances (see README). */
export interface IdentityStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export function memoryStorage(): IdentityStorage & { removeItem(key: string): void };

export interface PendingRecord {
  v: number;
  type: string | null;
  data: unknown;
  /** The data at version v without the unacknowledged edits (null when unknown). */
  base?: unknown;
  inflight: { op?: Op; create?: { type: string; data: unknown }; src: string; seq: number; v: number; edits?: number } | null;
  pending: Op | { create: { type: string; data: unknown } } | null;
  /** Local edits composed into `pending` (the in-flight op carries its own as `edits`). */
  pendingEdits?: number;
}
/**
 * Where unacknowledged edits are kept between connections and page loads: records keyed by
 * (document, owner), the owner being the src of the client instance (tab) that wrote them.
 */
export interface PendingStore {
  get(doc: string, owner: string): Promise<PendingRecord | undefined>;
  put(doc: string, owner: string, record: PendingRecord): Promise<void>;
  delete(doc: string, owner: string): Promise<void>;
  list(): Promise<Array<{ doc: string; owner: string }>>;
  /** Deletes (doc, from) and puts (doc, to) → record in one step. */
  move(doc: string, from: string, to: string, record: PendingRecord): Promise<void>;
}
export class MemoryPendingStore implements PendingStore {
  get(doc: string, owner: string): Promise<PendingRecord | undefined>;
  put(doc: string, owner: string, record: PendingRecord): Promise<void>;
  delete(doc: string, owner: string): Promise<void>;
  list(): Promise<Array<{ doc: string; owner: string }>>;
  move(doc: string, from: string, to: string, record: PendingRecord): Promise<void>;
}
export class IndexedDbPendingStore implements PendingStore {
  constructor(options?: { name?: string; storeName?: string; indexedDB?: unknown });
  get(doc: string, owner: string): Promise<PendingRecord | undefined>;
  put(doc: string, owner: string, record: PendingRecord): Promise<void>;
  delete(doc: string, owner: string): Promise<void>;
  list(): Promise<Array<{ doc: string; owner: string }>>;
  move(doc: string, from: string, to: string, record: PendingRecord): Promise<void>;
}

export interface BackoffOptions { baseMs?: number; maxMs?: number }

export interface ClientOptions {
  /** The server's base address, http(s):// or ws(s):// */
  url: string;
  /** A JWT, or a function returning one (called on every connect and before each expiry). */
  token?: string | (() => string | Promise<string>);
  /** WebSocket constructor; defaults to globalThis.WebSocket (pass `ws` in Node 20). */
  WebSocket?: unknown;
  /** Keeps src and seq across instances (Node restarts); by default each instance has its own. */
  storage?: IdentityStorage;
  pendingStore?: PendingStore;
  /** A Web Locks LockManager (navigator.locks by default): needed to adopt the queues of gone tabs. */
  locks?: unknown;
  /** How often to look for queues of gone tabs (default 5000). */
  adoptEveryMs?: number;
  /** Resend an unacknowledged op after this long (default 10000). */
  ackTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Default true. */
  autoConnect?: boolean;
}

export class LockstepClient extends Emitter {
  constructor(options: ClientOptions);
  readonly src: string;
  readonly status: Status;
  readonly online: boolean;
  /** Local edits not yet acknowledged, over every open document. */
  readonly queuedEdits: number;
  connect(): void;
  close(): void;
  doc<T = any>(id: string): Doc<T>;
  /** A `crdt` document (counters, registers, sets), created by its first op when missing. */
  crdt<T extends CrdtValue = CrdtValue>(id: string): CrdtDoc<T>;
  /**
   * The document as it was at version `v`, without opening it; `type`/`data` null when it did not
   * exist then. Rejects with `version_ahead`, `not_found` (history no longer kept), `forbidden`, `timeout`.
   */
  snapshotAt<T = any>(id: string, v: number): Promise<Snapshot<T>>;
  /** Deletes the document; resolves to the deletion's version. Rejects with `not_found`, `forbidden`, `timeout`. */
  deleteDoc(id: string): Promise<{ v: number }>;
  on(event: 'status', handler: (event: StatusEvent) => void): Unsubscribe;
  on(event: 'error', handler: (error: LockstepError) => void): Unsubscribe;
}

/** A document at one version, as `snapshotAt` reads it. */
export interface Snapshot<T = any> {
  v: number;
  type: 'json0' | 'text-unicode' | 'crdt' | null;
  data: T | null;
  /** A crdt document's plain view (data is then its full state). */
  value?: CrdtValue;
}

export interface ChangeEvent { source: 'local' | 'remote' | 'rollback' | 'snapshot'; op: Op | null }

export class Doc<T = any> extends Emitter {
  readonly id: string;
  readonly data: T;
  readonly version: number;
  readonly type: 'json0' | 'text-unicode' | null;
  readonly hasPendingOps: boolean;
  /** Local edits (submit/create calls) the server has not acknowledged yet. */
  readonly queuedEdits: number;
  /** Resolves once the data is known (from the pending store or the server). */
  readonly ready: Promise<void>;
  settled(): Promise<void>;
  create(type: 'json0' | 'text-unicode', data: unknown): void;
  submit(op: Op): void;
  /** Needs enableImmer() from '@lockstep/client/immer'. */
  update(recipe: (draft: T) => void | T): void;
  close(): void;
  on(event: 'change', handler: (event: ChangeEvent) => void): Unsubscribe;
  /** A remote op as applied, just before its 'change'; `src` is its author's client id. */
  on(event: 'op', handler: (op: Op, meta: { source: 'remote'; src: string }) => void): Unsubscribe;
  on(event: 'ack', handler: (event: { v: number }) => void): Unsubscribe;
  on(event: 'error', handler: (error: LockstepError) => void): Unsubscribe;
  /** Local edits that could not be kept: refused (reason = the error code) or lost with trimmed history. */
  on(event: 'lost', handler: (event: { ops: unknown[]; reason: string }) => void): Unsubscribe;
  /** Local edits rebuilt on a snapshot after the history they needed was trimmed. */
  on(event: 'recovered', handler: (event: { v: number; kept: number; lost: unknown[] }) => void): Unsubscribe;
}

/** Plain JSON, as registers hold it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** The plain view of a crdt document: a counter is a number, a register its value, a set an array. */
export type CrdtValue = { [field: string]: Json };
/** Fields of T that hold numbers (counters), arrays (sets), anything (registers). */
type CounterFields<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T] & string;
type SetFields<T> = { [K in keyof T]: T[K] extends Json[] ? K : never }[keyof T] & string;
type Element<T, K extends keyof T> = T[K] extends Array<infer E> ? E : never;

export interface CrdtChangeEvent { source: 'local' | 'remote' | 'ack' | 'snapshot' | 'lost' }

/**
 * A crdt document's local replica: every change applies at once, is queued (and kept across
 * reloads) while offline, and merges with everyone's changes without conflicts.
 */
export class CrdtDoc<T extends CrdtValue = CrdtValue> extends Emitter {
  readonly id: string;
  /** The plain value with local changes applied. */
  readonly value: Partial<T>;
  /** The last committed version applied. */
  readonly version: number;
  readonly hasPendingOps: boolean;
  /** Local changes the server has not acknowledged yet. */
  readonly queuedEdits: number;
  /** Resolves once the value is known (from the pending store or the server). */
  readonly ready: Promise<void>;
  settled(): Promise<void>;
  /** Adds `by` (a safe integer; negative subtracts) to a counter. */
  increment(field: CounterFields<T>, by?: number): void;
  /** Assigns a last-writer-wins register. */
  set<K extends keyof T & string>(field: K, value: T[K]): void;
  /** Adds an element to a set: any JSON value (numbers finite); elements are the same when their canonical text is. */
  add<K extends SetFields<T>>(field: K, element: Element<T, K>): void;
  /** Removes the element's adds this replica has seen; an add made elsewhere meanwhile survives. */
  remove<K extends SetFields<T>>(field: K, element: Element<T, K>): void;
  has<K extends SetFields<T>>(field: K, element: Element<T, K>): boolean;
  close(): void;
  on(event: 'change', handler: (event: CrdtChangeEvent) => void): Unsubscribe;
  on(event: 'ack', handler: (event: { v: number }) => void): Unsubscribe;
  on(event: 'error', handler: (error: LockstepError) => void): Unsubscribe;
  /** Local ops the server refused for good (a field made another kind meanwhile, a limit). */
  on(event: 'lost', handler: (event: { ops: unknown[]; reason: string }) => void): Unsubscribe;
}

/** The canonical JSON text that identifies a set element (sorted keys; strings and numbers as JSON.stringify writes them). */
export function canonicalText(value: Json): string;

export function diffJson0(before: unknown, after: unknown): Json0Op;
export function textUnicodeOp(before: string, after: string): TextUnicodeOp;
/** Where UTF-16 offset `position` in `before` moves when text-unicode `op` turns it into `after`. */
export function textPositionAfter(before: string, position: number, op: TextUnicodeOp, after?: string): number;
export function codePointOffset(text: string, utf16Offset: number): number;
export function utf16Offset(text: string, codePointOffset: number): number;
export function json0StringOps(path: Array<string | number>, before: string, after: string): Json0Op;
export function applyJson0<T>(snapshot: T, op: Json0Op): T;

export interface Member { conn: string; user: string; meta: any; since: number }
export function applyPresenceDiff(members: Member[], diff: { join?: Member[]; leave?: Array<{ conn: string; user: string }>; update?: Member[] }): Member[];
export function membersByUser(members: Member[]): Map<string, Member[]>;

export class PresenceRoom extends Emitter {
  readonly room: string;
  readonly members: Member[];
  setMeta(meta: unknown): void;
  leave(): void;
  on(event: 'members', handler: (members: Member[]) => void): Unsubscribe;
  on(event: 'join' | 'update', handler: (members: Member[]) => void): Unsubscribe;
  on(event: 'leave', handler: (members: Array<{ conn: string; user: string }>) => void): Unsubscribe;
  on(event: 'error', handler: (error: LockstepError) => void): Unsubscribe;
}

export class PresenceClient extends Emitter {
  constructor(options: Pick<ClientOptions, 'url' | 'token' | 'WebSocket' | 'backoff'>);
  join(room: string, user: string, meta?: unknown): PresenceRoom;
  leave(room: string): void;
  close(): void;
}

export class FeedSubscription extends Emitter {
  constructor(options: {
    url: string; channel: string; token?: string | (() => string | Promise<string>); since?: string | null; types?: string[];
    EventSource?: unknown; backoff?: BackoffOptions;
  });
  readonly lastEventId: string | null;
  close(): void;
  on(event: string, handler: (data: any, meta: { id: string; type: string }) => void): Unsubscribe;
}
