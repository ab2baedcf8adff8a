import type { Doc } from './index.js';

export const DOC_CHANGED: 'lockstep/docChanged';
export function docReducer<T = any>(docId: string, initial?: T | null): (state: T | null | undefined, action: { type: string; doc?: string; data?: T }) => T | null;
export function bindDocToStore<S, T>(
  doc: Doc<T>,
  store: { dispatch(action: any): any; getState(): S; subscribe(listener: () => void): () => void },
  select: (state: S) => T,
): () => void;
