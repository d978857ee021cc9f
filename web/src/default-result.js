// The result of the page's default scenario, solved by this build's engine when the site was built:
// tools/build-web.mjs writes {sent, result} into index.html as
// <script type="application/json" id="default-result">. An address with no scenario in it shows
// this result while the engine is still loading (issue 5/6, first result); the engine's own solve
// of the same scenario follows and replaces it with the same numbers.
import { readDataBlock } from './data-block.js';

/**
 * The built result for the engine scenario `sent`, or null: no block, a block that does not parse,
 * or one solved for another scenario (the page's defaults changed after the build).
 */
export function readDefaultResult(sent) {
  const block = readDataBlock('default-result');
  if (block?.result?.ok !== true || JSON.stringify(block.sent) !== JSON.stringify(sent)) return null;
  return block.result;
}
