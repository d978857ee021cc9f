// The panels an embed can show (embed.html?panel=NAME, <mlsysim-embed panel="NAME">): one entry per
// panel of the full simulator. Each loads only its own modules, says why it has nothing to show for a
// scenario (a message instead of an empty box), and renders into the embed's box from one solve.
// The few sweep points some panels draw (precisions, prompt lengths, GPU counts) are solved here on
// the main thread: an embed has no inputs to keep responsive. Text only via textContent.
import { html } from './svg.js';
import { formatTime, formatRate, formatPercent } from './format.js';
import { pick, scalingScenario } from './fleet-pick.js';
import { FABRICS } from './fleet-url.js';
import { LLM_DEFAULTS } from './url-state.js';

const nameOf = (x) => x.display_name ?? x.name;
const PROMPT_LENGTHS = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768]; // the page's prompt-length chart (app.js)
/** The engine's warning with this code, as text (why a section is absent), or ''. */
const warning = (r, code) => (r.warnings ?? []).find((w) => w.startsWith(`${code}:`))?.slice(code.length + 1).trim() ?? '';
const trainingOnly = (r) => (r.training ? null : `${nameOf(r.workload)} is not in training mode here: add mode=training to the scenario.`);

/** Whole counts in full (1,024 GPUs, not 1,020), from the training panel (loaded on use: it is an element). */
const counts = () => import('./training-panel.js').then((m) => m.formatCount);

/** A chart panel's heading and its headline metrics, with the engine's numbers on data-value. */
async function headline(box, title, items) {
  const { metric } = await import('./explain.js');
  html('h3', { class: 'panel-heading' }, box, title);
  const dl = html('dl', { class: 'metrics embed-headline' }, box);
  for (const it of items) if (it) metric(dl, it);
  return dl;
}

function figure(box, tag) {
  const fig = html('figure', { class: 'chart-figure embed-figure' }, box);
  return html(tag, {}, fig);
}

/** Solve `sent` once per value of `field`, as the page's sweep worker does (same point fields). */
function points(sim, sent, field, values, set = (s, v) => ({ ...s, [field]: v })) {
  return values.map((v) => pick(sim.solve(set(sent, v)), v));
}

export const EMBED_PANELS = {
  roofline: {
    title: 'Roofline: memory- or compute-bound',
    load: () => Promise.all([import('./roofline-panel.js'), import('./roofline-chart.js')]),
    render(box, { r, pinned }) {
      html('mlsysim-roofline', {}, box).result = r;
      if (!r.performance) return;
      const chart = figure(box, 'mlsysim-roofline-chart');
      if (pinned?.ok) chart.pinned = pinned;
      chart.result = r;
    },
  },
  serving: {
    title: 'Serving: time to first token and per-token latency',
    load: () => import('./serving-panel.js'),
    needs: (r) => (r.serving ? null : `${nameOf(r.workload)} is not a language model: no serving numbers.`),
    render(box, { r, sent }) {
      const p = html('mlsysim-serving', {}, box);
      p.batch = sent.batch_size;
      p.result = r;
    },
  },
  memory: {
    title: 'Memory per GPU',
    load: () => import('./memory-panel.js'),
    needs: (r) => (r.memory ? null : 'This scenario has no memory numbers.'),
    render(box, { r, pinned }) {
      const p = html('mlsysim-memory', {}, box);
      if (pinned?.ok) p.pinned = pinned;
      p.result = r;
    },
  },
  operators: {
    title: 'Where the time goes, by operator',
    load: () => import('./operators-panel.js'),
    needs: (r) => (r.performance?.operators?.length || r.performance?.phases ? null : 'This scenario has no per-operator breakdown (training steps are not split by operator).'),
    render(box, { r }) {
      html('mlsysim-operators', {}, box).result = r;
    },
  },
  quantization: {
    title: 'Quantization: the same scenario at each precision',
    load: () => import('./quant-panel.js'),
    needs: (r) => (r.performance && !r.training ? null : 'The precision comparison needs an inference or serving scenario.'),
    async render(box, { r, sent, sim, catalog }) {
      const { QUANT_PRECISIONS, baselineFor } = await import('./quant-panel.js');
      const device = catalog().hardware.find((d) => d.name === r.device.name);
      const baseline = baselineFor(device);
      const precisions = [baseline, ...QUANT_PRECISIONS];
      const found = points(sim, sent, 'precision', precisions);
      html('mlsysim-quant', {}, box).data = { baseline, rows: precisions.map((precision, i) => ({ precision, point: found[i] })) };
    },
  },
  batch: {
    title: 'Latency and throughput against batch size',
    load: () => Promise.all([import('./batch-chart.js'), import('./explain.js')]),
    needs: (r) => (r.performance?.sweep?.length ? null : 'This scenario has no batch sweep (training steps keep their global batch).'),
    async render(box, { r, sent }) {
      const perf = r.performance;
      const formatCount = await counts();
      await headline(box, this.title, [
        { key: 'latency', label: `Latency at batch ${formatCount(sent.batch_size)}`, text: formatTime(perf.latency_s), raw: perf.latency_s },
        { key: 'throughput', label: 'Throughput', text: formatRate(perf.throughput_per_s, perf.throughput_unit ?? 'samples/s'), raw: perf.throughput_per_s },
        Number.isFinite(perf.crossover_batch) && { key: 'crossover', label: 'Compute-bound from batch', text: formatCount(perf.crossover_batch), raw: perf.crossover_batch },
      ]);
      const chart = figure(box, 'mlsysim-batch-chart');
      chart.batch = sent.batch_size;
      chart.result = r;
    },
  },
  prompt: {
    title: 'Time to first token and per-token latency against prompt length',
    load: () => Promise.all([import('./latency-chart.js'), import('./explain.js')]),
    needs: (r) => (r.serving ? null : `${nameOf(r.workload)} is not a language model: no prompt-length sweep.`),
    async render(box, { r, sent, sim }) {
      const prompt = sent.seq_len ?? LLM_DEFAULTS.seq_len;
      const s = r.serving;
      const formatCount = await counts();
      await headline(box, this.title, [
        { key: 'ttft', label: `Time to first token, ${formatCount(prompt)}-token prompt`, text: formatTime(s.ttft_s), raw: s.ttft_s },
        { key: 'itl', label: 'Inter-token latency', text: formatTime(s.itl_s), raw: s.itl_s },
      ]);
      const values = [...new Set([...PROMPT_LENGTHS, prompt])].sort((a, b) => a - b);
      figure(box, 'mlsysim-latency-chart').data = { ok: true, field: 'seq_len', points: points(sim, sent, 'seq_len', values),
        current: { x: prompt, ttft_s: s.ttft_s, itl_s: s.itl_s }, workload: nameOf(r.workload), device: nameOf(r.device) };
    },
  },
  training: {
    title: 'One training step',
    load: () => import('./training-panel.js'),
    needs: trainingOnly,
    render(box, { r }) {
      html('mlsysim-training', {}, box).result = r;
    },
  },
  scaling: {
    title: 'Throughput per GPU and scaling efficiency against GPUs',
    load: () => Promise.all([import('./scaling-chart.js'), import('./explain.js')]),
    needs: trainingOnly,
    async render(box, { r, sent, sim }) {
      const { SCALING_GPUS, perGpu } = await import('./scaling-chart.js');
      const formatCount = await counts();
      const t = r.training;
      const unit = Number.isFinite(t.tokens_per_s) ? 'tokens/s' : 'samples/s';
      await headline(box, this.title, [
        { key: 'rate-gpu', label: `Per GPU at ${formatCount(t.layout.gpus)} GPUs`, text: formatRate(perGpu(t), unit), raw: perGpu(t) },
        { key: 'scaling', label: 'Scaling efficiency', text: formatPercent(t.scaling_efficiency), raw: t.scaling_efficiency },
      ]);
      const base = scalingScenario(sent);
      const set = (s, gpus) => ({ ...s, cluster: { ...s.cluster, gpus } });
      figure(box, 'mlsysim-scaling-chart').data = { ok: true, points: points(sim, base, 'cluster.gpus', SCALING_GPUS, set),
        current: { x: t.layout.gpus, per_gpu: perGpu(t), efficiency: t.scaling_efficiency }, unit,
        workload: nameOf(r.workload), device: nameOf(r.device) };
    },
  },
  reliability: {
    title: 'Failures, checkpoints and goodput',
    load: () => Promise.all([import('./reliability-panel.js'), import('./goodput-chart.js')]),
    needs: (r) => (r.reliability ? null : trainingOnly(r) ?? 'This scenario has no reliability numbers.'),
    render(box, { r }) {
      html('mlsysim-reliability', {}, box).result = r;
      figure(box, 'mlsysim-goodput-chart').result = r;
    },
  },
  search: {
    title: 'Parallelism search: the best layouts for these GPUs',
    load: () => import('./search-panel.js'),
    needs: trainingOnly,
    render(box, { r, sent, sim, openWith }) {
      const panel = html('mlsysim-search', {}, box);
      const unit = Number.isFinite(r.training.tokens_per_s) ? 'tokens/s' : 'samples/s';
      const run = () => {
        const s = structuredClone(sent);
        s.training = { ...(s.training ?? {}), search: true };
        delete s.training.target_days; // the ranking does not need the GPUs-needed question
        const found = sim.solve(s);
        panel.current = r.training.layout;
        if (!found.ok) panel.error = `${found.error.path}: ${found.error.message}`;
        else panel.data = { rows: found.training.search ?? [], stats: found.training.search_stats, unit };
      };
      panel.onSearch = run;
      // A row opens the full simulator with that layout (the embed itself has no inputs).
      panel.onApply = (row) => openWith((next) => {
        for (const k of ['tp', 'pp', 'dp', 'cp', 'ep', 'microbatches', 'virtual_stages', 'zero', 'recompute']) next[k] = row[k];
        if (next.tp === 1) delete next.tp;
        next.gpus ??= row.gpus;
      });
      run();
    },
  },
  collectives: {
    title: 'Collectives calculator',
    load: () => import('./collective-panel.js'),
    render(box, { sent, sim }) {
      const p = html('mlsysim-collective', {});
      p.sim = sim;
      p.fabrics = FABRICS;
      p.hardware = sent.hardware;
      box.append(p); // connected last: it builds its form from sim, fabrics and hardware
    },
  },
  energy: {
    title: 'Energy, carbon and water',
    load: () => import('./energy-panel.js'),
    needs: (r) => (r.energy ? null : `No energy numbers: ${warning(r, 'NO_TDP') || 'the device lists no power figure'}.`),
    render(box, { r }) {
      html('mlsysim-energy', {}, box).result = r;
    },
  },
  cost: {
    title: 'Cost of ownership',
    load: () => import('./cost-panel.js'),
    needs: (r) => (r.cost ? null : 'This scenario has no cost numbers.'),
    render(box, { r }) {
      html('mlsysim-cost', {}, box).result = r;
    },
  },
  queueing: {
    title: 'Queueing and tail latency',
    load: () => import('./queueing-panel.js'),
    needs: (r) => (r.queueing ? null : 'No queue: add an arrival rate to the scenario (rate=… requests/s, and slo=… for a P99 target).'),
    render(box, { r }) {
      html('mlsysim-queueing', {}, box).result = r;
    },
  },
  compare: {
    title: 'Compare A (pinned) and B',
    load: () => import('./compare-panel.js'),
    needs: (r, { pinned }) => (pinned?.ok ? null : pinned ? `The pinned scenario A cannot be evaluated: ${pinned.error.path}: ${pinned.error.message}`
      : 'Nothing to compare: the scenario needs a pinned scenario A (a.s=1&a.… keys: pin A in the full simulator, change an input, copy the link).'),
    render(box, { r, pinned }) {
      html('mlsysim-compare', {}, box).pair = { a: { result: pinned }, b: { result: r } };
    },
  },
};

/** Other names that reach the same panel (the simulator's own words for them). */
export const PANEL_ALIASES = { quant: 'quantization', fleet: 'training', tco: 'cost', collective: 'collectives', goodput: 'reliability', latency: 'prompt' };

export const PANELS = Object.keys(EMBED_PANELS);
