#!/usr/bin/env node
// The accuracy report (DESIGN.md §6): every case of ../shared/data/validation_public.json, as a
// scenario in tests/accuracy/cases/, run through the native CLI (build/native/mlsysim solve -) and
// compared with its published measurement. Prints a table and writes build/accuracy/report.json and
// report.md. It REPORTS: error sizes never fail it. It exits non-zero only when a case cannot be run
// at all (invalid scenario, missing result path, unknown transform) — a defect of the case, not of
// the model.
//
//   node tools/accuracy-report.mjs            nominal run + the report-only global fit of η_c, η_m
//   node tools/accuracy-report.mjs --no-fit   nominal run only
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  FIT, bestPoint, evaluate, fitCases, fitPoints, fitScore, fitVerdict, secondaryCases, summarize, withEfficiency,
} from '../web/src/accuracy-math.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'build', 'native', 'mlsysim');
const caseDir = join(root, 'tests', 'accuracy', 'cases');
const outDir = join(root, 'build', 'accuracy');
const run = promisify(execFile);

export async function loadCases(dir = caseDir) {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8'))));
}

/** Model-card text: where the model is weak per category (also the category order) and the calibration note. */
export async function loadModelCard() {
  return JSON.parse(await readFile(join(root, 'tests', 'accuracy', 'model-card.json'), 'utf8'));
}

// One CLI solve. Exit status 2 (invalid input) still prints the error JSON, which evaluate() reports.
async function solveCli(scenario) {
  const pending = run(cli, ['solve', '-'], { maxBuffer: 64 << 20 });
  pending.child.stdin.end(JSON.stringify(scenario));
  const out = await pending.catch((e) => e);
  try { return JSON.parse(out.stdout); } catch { return { ok: false, error: { message: String(out.stderr || out.message) } }; }
}

// evaluate() takes a synchronous solve: solve every scenario first (two at a time: the machine has
// two cores), then hand evaluate() a lookup.
async function evaluateCli(cases, efficiency = null) {
  const scenarios = cases.filter((c) => c.kind !== 'not_modeled')
    .map((c) => (efficiency ? withEfficiency(c.scenario, efficiency) : c.scenario));
  const results = new Map();
  let next = 0;
  async function worker() {
    while (next < scenarios.length) {
      const s = scenarios[next++];
      results.set(s, await solveCli(s));
    }
  }
  await Promise.all([worker(), worker()]);
  const byText = new Map([...results].map(([s, r]) => [JSON.stringify(s), r]));
  return evaluate(cases, (s) => byText.get(JSON.stringify(s)), efficiency);
}

/** The whole report as data: nominal rows and summary, and the global fit with its rows and summary. */
export async function buildReport({ fit = true } = {}) {
  const cases = await loadCases();
  const card = await loadModelCard();
  const order = Object.keys(card.categories);
  const before = await evaluateCli(cases);
  const report = {
    generated_by: 'tools/accuracy-report.mjs',
    cli: 'build/native/mlsysim solve -',
    cases: before,
    summary: summarize(before, order),
    secondary: await evaluateCli(cases.flatMap(secondaryCases)),
  };
  if (fit) {
    const subset = fitCases(cases);
    const scored = [];
    for (const point of fitPoints()) scored.push({ point, score: fitScore(await evaluateCli(subset, point)) });
    const best = bestPoint(scored);
    const after = await evaluateCli(cases, best.point);
    const nominal = scored.find((s) => s.point.compute === FIT.defaults.compute && s.point.memory === FIT.defaults.memory);
    const summaryAfter = summarize(after, order);
    report.fit = {
      parameters: ['efficiency.compute', 'efficiency.memory'],
      grid: FIT.grid,
      categories: FIT.categories,
      cases: subset.map((c) => c.id),
      objective: 'sum over the fitted cases of ln(predicted/measured)^2',
      defaults: FIT.defaults,
      score_at_defaults: nominal?.score ?? null,
      best: best.point,
      score_at_best: best.score,
      scores: scored.map((s) => ({ ...s.point, score: s.score })),
      verdict: fitVerdict(report.summary, summaryAfter, best.point),
      adopted: false,
      decision: card.calibration,
      cases_after: after,
      summary_after: summaryAfter,
    };
  }
  return report;
}

// ---------------------------------------------------------------------------------------------- text

const pct = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(1)}%`);
const signed = (x) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%` : '—');
function fmt(v) {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-2)) return v.toExponential(3);
  return a >= 100 ? v.toFixed(0) : v.toPrecision(4);
}

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i < 2 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function caseRows(rows) {
  return rows.map((r) => [r.id, r.category, r.status === 'ok' ? fmt(r.predicted) : r.status, fmt(r.measured), r.unit,
    r.status === 'ok' ? signed(r.error) : '—', r.kind === 'input_check' ? 'input check' : r.kind]);
}

function summaryRows(summary) {
  return [
    ...summary.categories.map((c) => [c.category, String(c.n), pct(c.median_abs), pct(c.p90_abs)]),
    ['overall (predictions)', String(summary.overall.n), pct(summary.overall.median_abs), pct(summary.overall.p90_abs)],
    ['input checks', String(summary.input_checks.n), pct(summary.input_checks.median_abs), pct(summary.input_checks.p90_abs)],
  ];
}

function verdictLines(f) {
  const v = f.verdict;
  return [
    `better: ${v.better.join(', ') || 'none'}`,
    `worse: ${v.worse.join(', ') || 'none'}`,
    `on a band edge: ${v.on_band_edge.join(', ') || 'no'}; clear improvement: ${v.clear ? 'yes' : 'no'}`,
    `decision: ${f.decision.decision}. ${f.decision.why}`,
  ];
}

export function renderText(report) {
  const out = [];
  out.push(table(['id', 'category', 'predicted', 'measured', 'unit', 'error', 'kind'], caseRows(report.cases)));
  out.push('');
  out.push('error = (predicted − measured)/measured; per category: median and p90 of |error| (p90 interpolated)');
  if (report.secondary?.length) {
    out.push('');
    out.push('secondary points (same source, patched scenario; not in the statistics):');
    out.push(table(['id', 'label', 'predicted', 'measured', 'unit', 'error'],
      report.secondary.map((r) => [r.id, r.label, r.status === 'ok' ? fmt(r.predicted) : r.status, fmt(r.measured), r.unit,
        r.status === 'ok' ? signed(r.error) : '—'])));
  }
  out.push('');
  if (report.fit) {
    const a = new Map(report.fit.summary_after.categories.map((c) => [c.category, c]));
    const rows = summaryRows(report.summary).map((r, i) => {
      const after = i < report.summary.categories.length ? a.get(r[0])
        : (r[0].startsWith('overall') ? report.fit.summary_after.overall : report.fit.summary_after.input_checks);
      return [...r, pct(after?.median_abs), pct(after?.p90_abs)];
    });
    out.push(table(['category', 'n', 'median |err| before', 'p90 before', 'median after fit', 'p90 after fit'], rows));
    const f = report.fit;
    out.push('');
    out.push(`global fit (report only, not adopted): η_c = ${f.best.compute}, η_m = ${f.best.memory} ` +
      `(defaults ${f.defaults.compute}, ${f.defaults.memory}); Σ ln² over ${f.cases.length} cases ` +
      `${f.score_at_defaults?.toFixed(3)} → ${f.score_at_best.toFixed(3)}`);
    out.push(...verdictLines(f).map((l) => `  ${l}`));
  } else {
    out.push(table(['category', 'n', 'median |err|', 'p90 |err|'], summaryRows(report.summary)));
  }
  return out.join('\n');
}

export function renderMarkdown(report, card) {
  const md = ['# Accuracy report', '',
    'Generated by `node tools/accuracy-report.mjs` from `tests/accuracy/cases/` (one case per entry of',
    '`../shared/data/validation_public.json`), solved with the native CLI. Signed error = (predicted − measured)/measured.', ''];
  md.push('| id | category | predicted | measured | unit | error | kind |', '|---|---|---:|---:|---|---:|---|');
  for (const r of caseRows(report.cases)) md.push(`| ${r.join(' | ')} |`);
  if (report.secondary?.length) {
    md.push('', 'Secondary points (the same source, a patched scenario; not counted in the statistics):', '',
      '| id | point | predicted | measured | unit | error |', '|---|---|---:|---:|---|---:|');
    for (const r of report.secondary) {
      md.push(`| ${r.id} | ${r.label} | ${r.status === 'ok' ? fmt(r.predicted) : r.status} | ${fmt(r.measured)} | ${r.unit} | ${r.status === 'ok' ? signed(r.error) : '—'} |`);
    }
  }
  md.push('', '## Per category', '');
  if (report.fit) {
    const a = report.fit.summary_after;
    md.push('| category | n | median \\|err\\| | p90 \\|err\\| | median after fit | p90 after fit |', '|---|---:|---:|---:|---:|---:|');
    for (const c of report.summary.categories) {
      const x = a.categories.find((y) => y.category === c.category);
      md.push(`| ${c.category} | ${c.n} | ${pct(c.median_abs)} | ${pct(c.p90_abs)} | ${pct(x?.median_abs)} | ${pct(x?.p90_abs)} |`);
    }
    md.push(`| overall (predictions) | ${report.summary.overall.n} | ${pct(report.summary.overall.median_abs)} | ${pct(report.summary.overall.p90_abs)} | ${pct(a.overall.median_abs)} | ${pct(a.overall.p90_abs)} |`);
    md.push(`| input checks | ${report.summary.input_checks.n} | ${pct(report.summary.input_checks.median_abs)} | ${pct(report.summary.input_checks.p90_abs)} | ${pct(a.input_checks.median_abs)} | ${pct(a.input_checks.p90_abs)} |`);
    const f = report.fit;
    md.push('', '## Global fit (report only)', '',
      `Best single η_c = ${f.best.compute}, η_m = ${f.best.memory} on the grid ${JSON.stringify(f.grid)} ` +
      `(defaults ${f.defaults.compute}, ${f.defaults.memory}), over ${f.cases.length} predictions of ` +
      `${f.categories.join(', ')}; Σ ln²(pred/meas) ${f.score_at_defaults?.toFixed(3)} → ${f.score_at_best.toFixed(3)}.`,
      '', ...verdictLines(f).map((l) => `- ${l}`));
  } else {
    md.push('| category | n | median \\|err\\| | p90 \\|err\\| |', '|---|---:|---:|---:|');
    for (const c of report.summary.categories) md.push(`| ${c.category} | ${c.n} | ${pct(c.median_abs)} | ${pct(c.p90_abs)} |`);
  }
  md.push('', '## Where the model is weak', '');
  for (const [k, v] of Object.entries(card.categories)) md.push(`- **${v.title}** (${k}): ${v.weak}`);
  return md.join('\n') + '\n';
}

async function main() {
  const fit = !process.argv.includes('--no-fit');
  const report = await buildReport({ fit });
  const defects = [...report.cases, ...report.secondary, ...(report.fit?.cases_after ?? [])].filter((r) => r.status === 'defect');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(outDir, 'report.md'), renderMarkdown(report, await loadModelCard()));
  console.log(renderText(report));
  console.log(`\nwritten: build/accuracy/report.json, build/accuracy/report.md`);
  if (defects.length) {
    for (const d of defects) console.error(`accuracy-report: case ${d.id} cannot be run: ${d.defect}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`accuracy-report: ${e.stack || e.message}`); process.exit(1); });
}
