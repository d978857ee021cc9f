// Loaded by index.html before the page's own modules: starts compiling the wasm module while they
// are still downloading and parsing (the bytes stream in from the <link rel="preload">), so the
// engine is ready sooner. app.js instantiates the compiled module (self.mlsysimWasm) and falls
// back to the engine's own loader when this was not possible (no compileStreaming, wrong MIME type).
if (typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function') {
  self.mlsysimWasm = WebAssembly.compileStreaming(fetch(new URL('../mlsysim_wasm.wasm', import.meta.url), { credentials: 'same-origin' }));
  self.mlsysimWasm.catch(() => {}); // app.js sees the failure and loads the engine itself
}
