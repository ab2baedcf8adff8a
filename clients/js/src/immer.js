// The Immer binding, a separate entry point ('@lockstep/client/immer') so that apps without Immer
// never load it. enableImmer() makes doc.update(recipe) available on every document.
import { enablePatches, produce } from 'immer';
import { setRecipeToOp } from './doc.js';
import { patchesToJson0 } from './immer-patches.js';
import { diffJson0 } from './json0-diff.js';

export { patchesToJson0 };

/**
 * The json0 op a recipe makes against `base` (which Immer leaves untouched): the diff of the two
 * states, which Immer's structural sharing keeps cheap, and which says `na` for numbers and only
 * the items inserted, deleted or moved for lists (Immer's own patches replace every item after a
 * splice, which would overwrite concurrent edits of those items).
 */
export function recipeToJson0(base, recipe) {
  return diffJson0(base, produce(base, recipe));
}

export function enableImmer() {
  enablePatches();
  setRecipeToOp(recipeToJson0);
}
