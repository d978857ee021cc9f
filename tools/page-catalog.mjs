// The catalog listing a page carries in its HTML: tools/build-web.mjs writes it into index.html and
// embed.html as <script type="application/json" id="catalog-listing"> (read by
// web/src/catalog-listing.js). The page then builds its inputs without asking the engine for its
// catalog() first: that listing converts every entry of every catalog file, ~40 ms of a cold
// start in Chromium (issue 5/6, first result). Only what the pages read of it is kept (app.js,
// site-inputs.js, embed-panels.js); engine.catalog() still answers the whole listing.
export const PAGE_CATALOG_FIELDS = {
  hardware: ['name', 'display_name', 'category', 'aliases', 'precisions', 'precision_flops'],
  models: ['name', 'display_name', 'kind', 'aliases'],
  regions: ['name', 'display_name', 'carbon_intensity_g_per_kwh'],
};

/** The page's part of an engine catalog() listing (same shape, fewer fields per entry). */
export function pageCatalog(catalog) {
  const pick = (entry, keys) => Object.fromEntries(keys.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k]]));
  const out = { schema: catalog.schema, ok: catalog.ok, precisions: catalog.precisions, modes: catalog.modes };
  for (const [list, keys] of Object.entries(PAGE_CATALOG_FIELDS)) out[list] = catalog[list].map((e) => pick(e, keys));
  return out;
}

/** JSON for an HTML data block: no '<' can end the element early. */
export const dataBlockJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');
