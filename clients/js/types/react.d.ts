import type { ReactNode } from 'react';
import type { LockstepClient, PresenceClient, Doc, LockstepError, Member, Op, Status, BackoffOptions } from './index.js';

export interface FeedOptions { url?: string; token?: string | (() => string | Promise<string>); EventSource?: unknown; backoff?: BackoffOptions }

export function LockstepProvider(props: {
  client: LockstepClient;
  presence?: PresenceClient | null;
  /** How feeds are opened: defaults to the client's url and token. */
  feeds?: FeedOptions | null;
  children?: ReactNode;
}): ReactNode;

export interface DocState<T> {
  data: T;
  version: number;
  type: 'json0' | 'text-unicode' | null;
  /** The data is known (from the server or the offline queue). */
  ready: boolean;
  /** Local edits are waiting for the server's acknowledgement. */
  pending: boolean;
  queuedEdits: number;
  /** The last refusal or failure for this document. */
  error: LockstepError | null;
  /** The last local edits that could not be kept. */
  lost: { ops: unknown[]; reason: string } | null;
}

export interface UseDoc<T> extends DocState<T> {
  doc: Doc<T>;
  /** An Immer recipe (after enableImmer()), a function from the value to the next one, or the next value. */
  update(change: ((draft: T) => void | T) | T): void;
  submit(op: Op): void;
  create(type: 'json0' | 'text-unicode', data: unknown): void;
}

export function useDoc<T = any>(id: string): UseDoc<T>;
export function useConnectionStatus(): Status;
/** Without `user` the member is the token's `sub` (or `anonymous` on a server without authentication). */
export function usePresence(room: string, options?: { user?: string; meta?: unknown }): { members: Member[]; setMeta(meta: unknown): void };
export interface FeedEvent<D = any> { type: string; id: string; data: D }
export function useFeed<D = any>(channel: string, options?: { types?: string[]; limit?: number }): { events: Array<FeedEvent<D>>; open: boolean };
