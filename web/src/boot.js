// Loaded by index.html before the page's own modules. For an address with a scenario (a shared
// link), whose first result needs the engine, it starts fetching and compiling the wasm module
// while the page's modules still download and parse; app.js instantiates it (self.mlsysimWasm).
// The bare address paints the result built into index.html first (default-result.js), and app.js
// starts the engine after that paint, so the first paint shares neither the network nor the CPU
// with the 170 KiB wasm binary (first result 75–100 ms sooner on an emulated 20 Mbit/s link).
import { compileEngine } from './wasm-compile.js';

if (location.hash.slice(1)) self.mlsysimWasm = compileEngine();
