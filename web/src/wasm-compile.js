// Fetches the engine's wasm binary and compiles it as the bytes stream in. Used by boot.js (at once,
// for an address whose first result needs the engine) and by app.js (after the first paint, for the
// bare address, whose first result is built into index.html). js/ and src/ sit side by side, so the
// path resolves the same bundled or not.

/** A promise of the compiled WebAssembly.Module, or null where streaming compilation is missing. */
export function compileEngine() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.compileStreaming !== 'function') return null;
  const compiled = WebAssembly.compileStreaming(fetch(new URL('../mlsysim_wasm.wasm', import.meta.url), { credentials: 'same-origin' }));
  compiled.catch(() => {}); // the caller sees the failure when it awaits, and loads the engine another way
  return compiled;
}
