// Module Web Worker: loads its own copy of the engine and runs sweeps (one sim.solve per value of a
// scenario field) off the main thread, so typing stays smooth. Protocol:
//   in : {type:'sweep', id, channel, scenario, field, values}   field: 'batch_size' | 'seq_len' | 'precision' | …
//        {type:'cancel', channel}
//   out: {type:'ready'} | {type:'progress', id, channel, done, total, point}
//        {type:'done', id, channel, points} | {type:'cancelled', id, channel} | {type:'error', id, channel, message}
// A newer request on a channel supersedes the older one: the older stops at its next point.
// Points carry only the fields the charts and tables draw (the whole result is large).
import { createMlsysim } from './engine.js';
import { setField, pick } from './fleet-pick.js';

const latest = new Map(); // channel → id of the newest request
let queue = Promise.resolve();
const simReady = createMlsysim();
simReady.then(() => postMessage({ type: 'ready' }), (e) => postMessage({ type: 'fatal', message: String(e?.message ?? e) }));

const yieldToMessages = () => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve();
  ch.port2.postMessage(0);
});

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
    let r;
    try {
      r = sim.solve(String(field).includes('.') ? setField(scenario, field, values[i]) : { ...scenario, [field]: values[i] });
    } catch (e) {
      r = { ok: false, error: { path: '', message: `engine failure: ${e?.message ?? e}` } };
    }
    const point = pick(r, values[i]);
    points.push(point);
    postMessage({ type: 'progress', id, channel, done: i + 1, total: values.length, point });
  }
  postMessage({ type: 'done', id, channel, points });
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    latest.delete(msg.channel);
    return;
  }
  if (msg.type !== 'sweep') return;
  latest.set(msg.channel, msg.id);
  // Requests run one after another; a superseded one ends at its next point.
  queue = queue.then(() => run(msg)).catch((err) => postMessage({ type: 'error', id: msg.id, channel: msg.channel, message: String(err?.message ?? err) }));
};
