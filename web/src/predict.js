// "Predict first": the reader commits a guess (memory- or compute-bound, and for a language model the
// time to first token) before the answer is shown, then sees how far off it was. The committed guess
// travels in the link (guess=memory&guess_ttft_ms=350, beside predict=1: url-state.js), so a teacher
// can share "guess this" (predict=1 alone) and a student's link reproduces their guess and the reveal.
// A guess belongs to the scenario it was made for: changing an input asks again (and drops it from
// the link). app.js wires it: initPredict() once, loadPredict() per URL, showPredict() per solve.
import { html } from './svg.js';
import { LLM_DEFAULTS } from './url-state.js';

const $ = (sel) => document.querySelector(sel);

let on = false; // predict-first mode
let guess = null; // {bound?: 'memory'|'compute', ttft_ms?: number} committed for revealedKey
let revealedKey = null; // the scenario (serialized) whose answer the reader has unlocked
let ctx = null; // {key: () => string, result: () => r, sent: () => sent, scenario: () => s, update: () => void}

/** "3.41× too high (+241 %)" style verdict for a numeric guess. */
export function howFar(guessValue, actual) {
  const ratio = guessValue / actual;
  const pct = (ratio - 1) * 100;
  const factor = ratio >= 1 ? ratio : 1 / ratio;
  const words = Math.abs(pct) < 10 ? 'within 10 % — close' : `${factor.toPrecision(3)}× too ${ratio > 1 ? 'high' : 'low'}`;
  return { ratio, factor, text: `${words} (${pct >= 0 ? '+' : '−'}${Math.abs(pct).toPrecision(2)} %)` };
}

/** The page-level URL state of this mode: {predict, guess} (the guess only while it is this scenario's). */
export function predictState() {
  return { predict: on, guess: on && guess && revealedKey === ctx?.key() ? guess : null };
}

/** From a parsed URL ({predict, guess}); `key` is the serialized scenario the URL opens. */
export function loadPredict({ predict, guess: g }, key) {
  on = !!predict;
  guess = on && g ? { ...g } : null;
  revealedKey = guess ? key : null;
}

/** The reveal: the reader's guess beside the model's answer, from the guess and the result alone. */
function renderFeedback(r) {
  const fb = $('#predict-feedback');
  fb.replaceChildren();
  html('h2', { class: 'predict-heading' }, fb, 'Your guess and the answer');
  const ul = html('ul', {}, fb);
  if (guess.bound) {
    const actual = r.performance.bottleneck;
    const right = guess.bound === actual;
    const li = html('li', { 'data-guess': 'bound', 'data-correct': String(right) }, ul);
    html('strong', {}, li, right ? 'Right: ' : 'Not this time: ');
    html('span', {}, li, `you said ${guess.bound}-bound; the model says ${actual}-bound — arithmetic intensity ` +
      `${r.performance.arithmetic_intensity.toPrecision(3)} FLOP/B against a ridge of ${r.performance.ridge_point.toPrecision(3)} FLOP/B.`);
  }
  if (guess.ttft_ms !== undefined && Number.isFinite(r.serving?.ttft_s)) {
    const far = howFar(guess.ttft_ms / 1000, r.serving.ttft_s);
    const li = html('li', { 'data-guess': 'ttft', 'data-ratio': String(far.ratio), 'data-factor': String(far.factor) }, ul);
    html('strong', {}, li, 'Time to first token: ');
    html('span', {}, li, `you guessed ${guess.ttft_ms} ms; the model says ${(r.serving.ttft_s * 1000).toPrecision(3)} ms — ${far.text}.`);
  }
  fb.hidden = false;
}

/** After each solve: the question while the answer waits, or the reveal of a committed guess. */
export function showPredict(r) {
  $('#predict-toggle').checked = on;
  const revealed = revealedKey === ctx.key();
  const pending = on && r.ok && !!r.performance && !revealed;
  $('.output').classList.toggle('is-predicting', pending);
  document.body.dataset.predict = !on ? 'off' : pending ? 'pending' : 'revealed';
  $('#export-json').disabled = pending; // the file holds the answer
  const box = $('#predict');
  const wasHidden = box.hidden;
  box.hidden = !pending;
  const fb = $('#predict-feedback');
  if (on && revealed && guess && r.ok && r.performance) {
    if (fb.hidden || fb.dataset.key !== revealedKey) renderFeedback(r);
    fb.dataset.key = revealedKey;
  } else {
    fb.hidden = true;
  }
  if (!pending) return;
  const perf = r.performance;
  const s = ctx.scenario();
  const sent = ctx.sent();
  $('#predict-question').textContent = `${r.workload.display_name ?? r.workload.name} on ${r.device.display_name ?? r.device.name}, ` +
    `${r.device.precision ?? s.precision}, batch ${sent?.batch_size ?? s.batch_size}` +
    (r.serving ? `, a ${sent?.seq_len ?? LLM_DEFAULTS.seq_len}-token prompt` : '') +
    `: commit your guess before the model answers (${perf.scope === 'generation' ? 'the whole generation' : 'one pass'}).`;
  $('#guess-ttft-field').hidden = !r.serving;
  if (wasHidden) {
    for (const i of document.querySelectorAll('input[name="guess-bound"]')) i.checked = false;
    $('#guess-ttft').value = '';
    $('#predict-error').textContent = '';
  }
}

function commitGuess(event) {
  event.preventDefault();
  const r = ctx.result();
  if (!r?.ok) return;
  const bound = document.querySelector('input[name="guess-bound"]:checked')?.value;
  const ttftText = $('#guess-ttft').value.trim();
  const ttftMs = ttftText === '' ? undefined : Number(ttftText);
  if (ttftMs !== undefined && !(ttftMs > 0)) {
    $('#predict-error').textContent = 'A time to first token is a positive number of milliseconds.';
    $('#guess-ttft').focus();
    return;
  }
  if (!bound && ttftMs === undefined) {
    $('#predict-error').textContent = 'Pick memory- or compute-bound (or guess the time to first token) first.';
    document.querySelector('input[name="guess-bound"]').focus();
    return;
  }
  guess = {};
  if (bound) guess.bound = bound;
  if (ttftMs !== undefined && r.serving) guess.ttft_ms = ttftMs;
  revealedKey = ctx.key();
  $('#predict-feedback').dataset.key = '';
  ctx.update(); // shows the answer and writes the guess into the link
  $('#predict-feedback').focus();
}

/** Once: the toggle and the guess form. */
export function initPredict(options) {
  ctx = options;
  $('#predict-toggle').addEventListener('change', (e) => {
    on = e.target.checked;
    revealedKey = null;
    guess = null;
    ctx.update();
    if (on && !$('#predict').hidden) document.querySelector('input[name="guess-bound"]').focus();
  });
  $('#predict-form').addEventListener('submit', commitGuess);
}
