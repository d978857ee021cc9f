// The page's side of sweep-worker.js: one module worker, requests by channel ('batch', 'prompt',
// 'quant', 'days', …). request() resolves with the points, solve() with one whole result, or either
// with {cancelled: true} when a newer request on the same channel replaced it; onProgress sees
// every point as it arrives. new SweepClient({module}) hands the worker the page's compiled wasm
// module, so it neither fetches nor compiles it again.
let seq = 0;

export class SweepClient {
  #worker;
  #pending = new Map(); // id → {resolve, onProgress, channel}
  #latest = new Map(); // channel → id

  constructor({ module = null } = {}) {
    this.#worker = new Worker(new URL('./sweep-worker.js', import.meta.url), { type: 'module', name: 'mlsysim-sweeps' });
    this.#worker.postMessage({ type: 'init', module });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.addEventListener('message', (e) => {
        if (e.data.type === 'ready') resolve();
        if (e.data.type === 'fatal') reject(new Error(e.data.message));
      });
      this.#worker.addEventListener('error', (e) => reject(new Error(e.message || 'the sweep worker failed to start')));
    });
    this.ready.catch(() => {});
    this.#worker.addEventListener('message', (e) => this.#onMessage(e.data));
  }

  #onMessage(msg) {
    const p = this.#pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      if (this.#latest.get(p.channel) === msg.id) p.onProgress?.(msg);
      return;
    }
    this.#pending.delete(msg.id);
    if (msg.type === 'done') p.resolve(this.#latest.get(p.channel) === msg.id ? { points: msg.points, result: msg.result } : { cancelled: true });
    else if (msg.type === 'cancelled') p.resolve({ cancelled: true });
    else p.resolve({ error: msg.message });
  }

  /** Sweep `field` of `scenario` over `values` on `channel`; supersedes that channel's older request. */
  request(channel, scenario, field, values, onProgress) {
    return this.#send(channel, onProgress, { type: 'sweep', scenario, field, values: [...values] });
  }

  /** One solve of `scenario` → {result} (the engine's whole result); supersedes that channel's older request. */
  solve(channel, scenario) {
    return this.#send(channel, null, { type: 'solve', scenario });
  }

  #send(channel, onProgress, message) {
    const id = ++seq;
    // Tell any older request on this channel that it is stale (it also learns from the new id).
    for (const [oldId, p] of this.#pending) if (p.channel === channel) { this.#pending.delete(oldId); p.resolve({ cancelled: true }); }
    this.#latest.set(channel, id);
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, onProgress, channel });
      this.#worker.postMessage({ ...message, id, channel });
    });
  }

  cancel(channel) {
    this.#latest.delete(channel);
    for (const [id, p] of this.#pending) if (p.channel === channel) { this.#pending.delete(id); p.resolve({ cancelled: true }); }
    this.#worker.postMessage({ type: 'cancel', channel });
  }

  terminate() {
    this.#worker.terminate();
  }
}
