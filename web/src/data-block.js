// The JSON data blocks the build writes into the pages, <script type="application/json" id="…">
// (tools/build-web.mjs): the catalog listing and the default scenario's result.

/** The parsed block with this id, or null when the page has none or it does not parse. */
export function readDataBlock(id) {
  const text = document.getElementById(id)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
