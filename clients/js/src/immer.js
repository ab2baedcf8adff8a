// The Immer binding, a separate entry point ('@lockstep/client/immer') so that apps without Immer
// never load it. enableImmer() makes doc.update(recipe) available on every document.
import { enablePatches, produceWithPatches } from 'immer';
import { setRecipeToOp } from './doc.js';
import { patchesToJson0 } from './immer-patches.js';

export { patchesToJson0 };

/** The json0 op a recipe makes against `base` (which Immer leaves untouched). */
export function recipeToJson0(base, recipe) {
  const [, patches] = produceWithPatches(base, recipe);
  return patchesToJson0(base, patches);
}

export function enableImmer() {
  enablePatches();
  setRecipeToOp(recipeToJson0);
}
