import type { Json0Op } from './index.js';

/** Makes doc.update(recipe) available (and turns on Immer's patches). */
export function enableImmer(): void;
export function recipeToJson0<T>(base: T, recipe: (draft: T) => void | T): Json0Op;
export function patchesToJson0(base: unknown, patches: Array<{ op: 'add' | 'replace' | 'remove'; path: Array<string | number>; value?: unknown }>): Json0Op;
