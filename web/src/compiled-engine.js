// The engine from an already compiled wasm module: the page compiles it while its scripts load
// (boot.js) and hands the same module to the sweep worker, so neither fetches nor compiles it again.
import { createMlsysim } from './engine.js';

/** createMlsysim() instantiating `module` (a WebAssembly.Module); rejects if that fails. */
export function createFromModule(module) {
  return new Promise((resolve, reject) => {
    createMlsysim({
      instantiateWasm(imports, done) {
        WebAssembly.instantiate(module, imports).then((instance) => done(instance, module), reject);
        return {}; // Emscripten: the exports arrive through done()
      },
    }).then(resolve, reject);
  });
}
