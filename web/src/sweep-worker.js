// Module Web Worker: its own copy of the engine, running sweeps (one sim.solve per value of a
// scenario field) and single slow solves off the main thread, so typing stays smooth. Protocol:
//   in : {type:'init', module}   first: the page's compiled wasm module (or null: load it here)
//        {type:'sweep', id, channel, scenario, field, values}   field: 'batch_size' | 'seq_len' | 'precision' | …
//        {type:'solve', id, channel, scenario}   one whole result (e.g. with training.target_days)
//        {type:'cancel', channel}
//   out: {type:'ready'} | {type:'progress', id, channel, done, total, point}
//        {type:'done', id, channel, points | result} | {type:'cancelled', id, channel} | {type:'error', id, channel, message}
// A newer request on a channel supersedes the older one: the older stops at its next point. Sweeps
// run one after another; a solve runs as soon as it arrives (between two points of a sweep).
// Points carry only the fields the charts and tables draw (the whole result is large).
import { createMlsysim } from './engine.js';
import { createFromModule } from './compiled-engine.js';
import { setField, pick } from './fleet-pick.js';

const latest = new Map(); // channel → id of the newest request
let queue = Promise.resolve();
let simReady = null;

function start(module) {
  simReady = module ? createFromModule(module).catch(() => createMlsysim()) : createMlsysim();
  simReady.then(() => postMessage({ type: 'ready' }), (e) => postMessage({ type: 'fatal', message: String(e?.message ?? e) }));
}

const yieldToMessages = () => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve();
  ch.port2.postMessage(0);
});

function solveOne(sim, scenario) {
  try {
    return sim.solve(scenario);
  } catch (e) {
    return { ok: false, error: { path: '', message: `engine failure: ${e?.message ?? e}` } };
  }
}

async function solve(msg) {
  const sim = await simReady;
  const { id, channel, scenario } = msg;
  if (latest.get(channel) !== id) {
    postMessage({ type: 'cancelled', id, channel });
    return;
  }
  postMessage({ type: 'done', id, channel, result: solveOne(sim, scenario) });
}

async function run(msg) {
  const sim = await simReady;
  const { id, channel, scenario, field, values } = msg;
  const points = [];
  for (let i = 0; i < values.length; i++) {
    await yieldToMessages(); // lets a cancel or a newer request arrive between points
    if (latest.get(channel) !== id) {
      postMessage({ type: 'cancelled', id, channel });
      return;
    }
    const r = solveOne(sim, String(field).includes('.') ? setField(scenario, field, values[i]) : { ...scenario, [field]: values[i] });
    const point = pick(r, values[i]);
    points.push(point);
    postMessage({ type: 'progress', id, channel, done: i + 1, total: values.length, point });
  }
  postMessage({ type: 'done', id, channel, points });
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'init') {
    if (!simReady) start(msg.module);
    return;
  }
  if (!simReady) start(null); // a client that sends no init
  if (msg.type === 'cancel') {
    latest.delete(msg.channel);
    return;
  }
  if (msg.type === 'solve') {
    latest.set(msg.channel, msg.id);
    solve(msg).catch((err) => postMessage({ type: 'error', id: msg.id, channel: msg.channel, message: String(err?.message ?? err) }));
    return;
  }
  if (msg.type !== 'sweep') return;
  latest.set(msg.channel, msg.id);
  // Requests run one after another; a superseded one ends at its next point.
  queue = queue.then(() => run(msg)).catch((err) => postMessage({ type: 'error', id: msg.id, channel: msg.channel, message: String(err?.message ?? err) }));
};
