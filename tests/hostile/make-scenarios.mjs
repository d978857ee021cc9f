// Writes tests/hostile/scenarios.json: the hostile-input corpus that tests/core/test_hostile.cpp and
// tests/wasm/hostile.test.mjs run through solve_text (the entry point of the CLI and of wasm).
//   node tests/hostile/make-scenarios.mjs        (then read the diff; the JSON is what the tests read)
// Expectations are written here by hand from the input domains of MODELS.md §0 and DESIGN.md §3,
// never copied from the engine's answers.
//
// An entry: {name, input | input_b64 | input_repeat, expect}
//   input         raw scenario text (so malformed JSON is possible)
//   input_b64     raw bytes, base64 (invalid UTF-8, NUL bytes)
//   input_repeat  {prefix, repeat, times, suffix}: prefix + repeat×times + suffix (megabyte inputs)
//   expect        {path, message_has?}        ok:false with error.path === path
//                 {path_prefix, message_has?} ok:false with error.path starting with path_prefix
//                 {ok: true, warning?}        valid but extreme: ok:true, every number finite, no
//                                             NONFINITE warning, and a warning starting with `warning`
//                 either:[…]                  any one of the forms above (a block another issue may add)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entries = [];
const add = (name, input, expect) => entries.push({ name, input: typeof input === 'string' ? input : JSON.stringify(input), expect });
const addRaw = (name, fields, expect) => entries.push({ name, ...fields, expect });
const err = (path, message_has) => (message_has ? { path, message_has } : { path });
const ok = (warning) => (warning ? { ok: true, warning } : { ok: true });

const CNN = { model: 'ResNet50', hardware: 'A100' };
const LLM = { model: 'Llama3_8B', hardware: 'H100' };
const TRAIN = { model: 'Llama3_8B', hardware: 'H100', mode: 'training', cluster: { gpus: 64 } };
const with_ = (base, extra) => ({ ...base, ...extra });
const MiB4 = 4 << 20;

// A valid inline device and config.json to spoil one field at a time.
const DEVICE = { name: 'mine', peak_flops: { fp16: '100 TFLOP/s' }, memory_capacity: '80 GiB', memory_bandwidth: '2 TB/s' };
const CONFIG = { model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32,
  num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 128256 };
const dev = (extra, drop = []) => {
  const d = { ...DEVICE, ...extra };
  for (const k of drop) delete d[k];
  return with_(LLM, { hardware: d });
};
const cfg = (extra, drop = []) => {
  const c = { ...CONFIG, ...extra };
  for (const k of drop) delete c[k];
  return with_(LLM, { model: c });
};

// ---- 1. Text that is not a scenario --------------------------------------------------------------
add('empty input', '', err('', 'invalid JSON'));
add('whitespace only', ' \n\t ', err('', 'invalid JSON'));
add('top-level null', 'null', err('', 'must be a JSON object'));
add('top-level array', '[]', err('', 'must be a JSON object'));
add('top-level array of a scenario', JSON.stringify([CNN]), err('', 'must be a JSON object'));
add('top-level number', '42', err('', 'must be a JSON object'));
add('top-level string', '"ResNet50"', err('', 'must be a JSON object'));
add('top-level true', 'true', err('', 'must be a JSON object'));
add('truncated after a key', '{"model":"ResNet50","hardware":', err('', 'invalid JSON'));
add('truncated inside a string', '{"model":"ResNe', err('', 'invalid JSON'));
add('truncated: missing closing brace', '{"model":"ResNet50","hardware":"A100"', err('', 'invalid JSON'));
add('trailing comma', '{"model":"ResNet50","hardware":"A100",}', err('', 'invalid JSON'));
add('two documents', '{"model":"ResNet50","hardware":"A100"}{}', err('', 'invalid JSON'));
add('single quotes', "{'model':'ResNet50','hardware':'A100'}", err('', 'invalid JSON'));
add('a comment', '{"model":"ResNet50", // a comment\n"hardware":"A100"}', err('', 'invalid JSON'));
add('bare NaN literal', '{"model":"ResNet50","hardware":"A100","batch_size":NaN}', err('', 'invalid JSON'));
add('bare Infinity literal', '{"model":"ResNet50","hardware":"A100","batch_size":Infinity}', err('', 'invalid JSON'));
add('bare -Infinity literal', '{"model":"ResNet50","hardware":"A100","batch_size":-Infinity}', err('', 'invalid JSON'));
add('number literal 1e309 overflows a double', '{"model":"ResNet50","hardware":"A100","batch_size":1e309}', err('', 'invalid JSON'));
add('number literal -1e309', '{"model":"ResNet50","hardware":"A100","efficiency":{"compute":-1e309}}', err('', 'invalid JSON'));
add('hex number', '{"model":"ResNet50","hardware":"A100","batch_size":0x10}', err('', 'invalid JSON'));
add('leading zero', '{"model":"ResNet50","hardware":"A100","batch_size":08}', err('', 'invalid JSON'));
add('unescaped control character in a string', '{"model":"Res\u0001Net50","hardware":"A100"}', err('', 'invalid JSON'));
add('lone surrogate escape', '{"model":"\\ud800","hardware":"A100"}', err('', 'invalid JSON'));
add('byte order mark before the object', '\ufeff{"model":"ResNet50","hardware":"A100"}', ok());
addRaw('NUL byte inside the text', { input_b64: Buffer.from('{"model":"ResNet50"\0,"hardware":"A100"}').toString('base64') }, err('', 'invalid JSON'));
addRaw('invalid UTF-8 (0xFF) inside a string', { input_b64: Buffer.concat([Buffer.from('{"model":"Res'), Buffer.from([0xff, 0xfe]), Buffer.from('Net50","hardware":"A100"}')]).toString('base64') }, err('', 'invalid JSON'));
addRaw('overlong UTF-8 encoding of "/"', { input_b64: Buffer.concat([Buffer.from('{"model":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","hardware":"A100"}')]).toString('base64') }, err('', 'invalid JSON'));
addRaw('UTF-16 text', { input_b64: Buffer.from('{"model":"ResNet50","hardware":"A100"}', 'utf16le').toString('base64') }, err('', 'invalid JSON'));

// ---- 2. Size and depth limits (4 MiB, 64 levels) -------------------------------------------------
const nest = (n) => '{"model":"ResNet50","hardware":"A100","x":' + '['.repeat(n) + ']'.repeat(n) + '}';
add('nesting 64 levels (the limit) in an unknown key', nest(63), ok('UNKNOWN_FIELD'));
add('nesting 65 levels', nest(64), err('', 'nests deeper than 64'));
addRaw('nesting 100 000 levels', { input_repeat: { prefix: '', repeat: '[', times: 100000, suffix: '' } }, err('', 'nests deeper than 64'));
addRaw('nesting 100 000 objects', { input_repeat: { prefix: '', repeat: '{"a":', times: 100000, suffix: '' } }, err('', 'nests deeper than 64'));
const PADDED = '{"model":"ResNet50","hardware":"A100"}';
const pad = (n) => ({ prefix: PADDED, repeat: ' ', times: n - PADDED.length, suffix: '' });
addRaw('exactly 4 MiB (the limit), padded with spaces', { input_repeat: pad(MiB4) }, ok());
addRaw('4 MiB − 1', { input_repeat: pad(MiB4 - 1) }, ok());
addRaw('4 MiB + 1', { input_repeat: pad(MiB4 + 1) }, err('', 'at most 4194304'));
addRaw('a 1 MB model name', { input_repeat: { prefix: '{"hardware":"A100","model":"', repeat: 'R', times: 1 << 20, suffix: '"}' } }, err('model', 'unknown model'));
addRaw('a 1 MB inline device name', { input_repeat: { prefix: '{"model":"ResNet50","hardware":{"peak_flops":{"fp16":"100 TFLOP/s"},"memory_capacity":"8 GiB","memory_bandwidth":"1 TB/s","name":"', repeat: 'd', times: 1 << 20, suffix: '"}}' } }, err('hardware.name', 'at most 256 bytes'));
addRaw('a 1 MB inline model name', { input_repeat: { prefix: '{"hardware":"H100","model":{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"vocab_size":100,"name":"', repeat: '\u{1F999}', times: 1 << 18, suffix: '"}}' } }, err('model.name', 'at most 256 bytes'));
addRaw('a 256-byte inline device name (the limit)', { input_repeat: { prefix: '{"model":"ResNet50","hardware":{"peak_flops":{"fp16":"100 TFLOP/s"},"memory_capacity":"8 GiB","memory_bandwidth":"1 TB/s","name":"', repeat: 'd', times: 256, suffix: '"}}' } }, ok());
addRaw('a 1 MB unit string', { input_repeat: { prefix: '{"model":"ResNet50","hardware":{"peak_flops":{"fp16":"100 TFLOP/s"},"memory_capacity":"8 GiB","memory_bandwidth":"1 ', repeat: 'T', times: 1 << 20, suffix: 'B/s"}}' } }, err('hardware.memory_bandwidth', 'unknown unit'));
addRaw('a 1 MB digit string as a unit value', { input_repeat: { prefix: '{"model":"ResNet50","hardware":{"peak_flops":{"fp16":"100 TFLOP/s"},"memory_capacity":"8 GiB","memory_bandwidth":"1', repeat: '0', times: 1 << 20, suffix: ' B/s"}}' } }, err('hardware.memory_bandwidth', 'finite'));
addRaw('a 1 MB precision name', { input_repeat: { prefix: '{"model":"ResNet50","hardware":"A100","precision":"', repeat: 'f', times: 1 << 20, suffix: '"}' } }, err('precision', 'unknown precision'));
addRaw('a 1 MB unknown key', { input_repeat: { prefix: '{"model":"ResNet50","hardware":"A100","', repeat: 'k', times: 1 << 20, suffix: '":1}' } }, ok('UNKNOWN_FIELD'));
addRaw('100 000 unknown keys', { input_repeat: { prefix: '{"model":"ResNet50","hardware":"A100"', repeat: ',"k":1', times: 100000, suffix: '}' } }, ok('UNKNOWN_FIELD'));

// ---- 3. Schema ----------------------------------------------------------------------------------
for (const v of [2, '1', 1.5, 0, -1, 1e308, true, [1], { v: 1 }])
  add(`schema ${JSON.stringify(v)}`, with_(CNN, { schema: v }), err('schema'));
add('schema null is the same as absent', with_(CNN, { schema: null }), ok());

// ---- 4. Wrong types at every level ----------------------------------------------------------------
const WRONG = [['a number', 7], ['a string', 'x'], ['an array', [1]], ['true', true]];
for (const key of ['cluster', 'efficiency', 'memory', 'serving', 'training', 'quant', 'network', 'traffic', 'site', 'energy', 'cost'])
  add(`${key} is a string`, with_(LLM, { [key]: 'garbage' }), err(key, 'must be an object'));
add('reliability is a string (training)', with_(TRAIN, { reliability: 'garbage' }), err('reliability', 'must be an object'));
add('reliability is an array (inference)', with_(LLM, { reliability: [] }), err('reliability', 'must be an object'));
for (const [what, v] of WRONG) {
  if (typeof v !== 'number') add(`batch_size is ${what}`, with_(LLM, { batch_size: v }), err('batch_size', 'must be a number'));
  if (typeof v !== 'string') add(`mode is ${what}`, with_(LLM, { mode: v }), err('mode', 'must be a string'));
}
add('model is a number', with_(CNN, { model: 42 }), err('model'));
add('model is an array', with_(CNN, { model: ['ResNet50'] }), err('model'));
add('hardware is true', with_(CNN, { hardware: true }), err('hardware'));
add('precision is a number', with_(CNN, { precision: 16 }), err('precision', 'must be a string'));
add('cluster.tp is a string', with_(LLM, { cluster: { tp: '2' } }), err('cluster.tp', 'must be a number'));
add('cluster.gpus is an object', with_(TRAIN, { cluster: { gpus: { n: 8 } } }), err('cluster.gpus', 'must be a number'));
add('cluster.fabric is a number', with_(TRAIN, { cluster: { gpus: 64, fabric: 400 } }), err('cluster.fabric'));
add('cluster.zero is a string', with_(TRAIN, { cluster: { gpus: 64, zero: 'three' } }), err('cluster.zero', 'must be a number'));
add('efficiency.compute is a string', with_(LLM, { efficiency: { compute: '0.5' } }), err('efficiency.compute', 'must be a number'));
add('serving.chunked_prefill is a string', with_(LLM, { mode: 'serving', serving: { chunked_prefill: 'yes' } }), err('serving.chunked_prefill', 'true or false'));
add('serving.speculative is a number', with_(LLM, { mode: 'serving', serving: { speculative: 4 } }), err('serving.speculative', 'must be an object'));
add('training.optimizer is an array', with_(TRAIN, { training: { optimizer: ['adamw'] } }), err('training.optimizer', 'must be a string'));
add('traffic.arrival_rate is a string', with_(LLM, { traffic: { arrival_rate: '5 req/s' } }), err('traffic.arrival_rate', 'must be a number'));
add('site.region is a number', with_(LLM, { site: { region: 7 } }), err('site.region', 'must be a string'));
add('site.compare_regions is a string', with_(LLM, { site: { compare_regions: 'Quebec' } }), err('site.compare_regions'));
add('site.compare_regions holds a number', with_(LLM, { site: { compare_regions: ['Quebec', 5] } }), err('site.compare_regions[1]'));
add('quant.weights is a number', with_(LLM, { quant: { weights: 4 } }), err('quant.weights'));
add('network.algorithm is a number', with_(TRAIN, { network: { algorithm: 1 } }), err('network.algorithm'));

// ---- 5. Non-finite and special numbers as values and as strings -------------------------------------
add('batch_size "NaN"', with_(LLM, { batch_size: 'NaN' }), err('batch_size', 'must be a number'));
add('batch_size "Infinity"', with_(LLM, { batch_size: 'Infinity' }), err('batch_size', 'must be a number'));
add('batch_size -0', '{"model":"Llama3_8B","hardware":"H100","batch_size":-0}', err('batch_size', 'integer ≥ 1'));
add('batch_size -0.0', '{"model":"Llama3_8B","hardware":"H100","batch_size":-0.0}', err('batch_size', 'integer ≥ 1'));
add('batch_size 5e-324 (denormal)', '{"model":"Llama3_8B","hardware":"H100","batch_size":5e-324}', err('batch_size', 'too small'));
add('batch_size 1.0000000000000002', '{"model":"Llama3_8B","hardware":"H100","batch_size":1.0000000000000002}', err('batch_size', 'integer ≥ 1'));
add('memory_bandwidth "NaN TB/s"', dev({ memory_bandwidth: 'NaN TB/s' }), err('hardware.memory_bandwidth'));
add('memory_bandwidth "1e999 TB/s"', dev({ memory_bandwidth: '1e999 TB/s' }), err('hardware.memory_bandwidth', 'finite'));
add('memory_bandwidth "1e300 EB/s" overflows after scaling', dev({ memory_bandwidth: '1e300 EB/s' }), err('hardware.memory_bandwidth', 'finite'));
add('memory_bandwidth "Infinity B/s"', dev({ memory_bandwidth: 'Infinity B/s' }), err('hardware.memory_bandwidth'));
add('memory_bandwidth "-0 TB/s"', dev({ memory_bandwidth: '-0 TB/s' }), err('hardware.memory_bandwidth', '> 0'));
add('memory_bandwidth "1e-320 B/s" (denormal)', dev({ memory_bandwidth: '1e-320 B/s' }), err('hardware.memory_bandwidth'));
add('peak_flops "1e-300 FLOP/s"', dev({ peak_flops: { fp16: '1e-300 FLOP/s' } }), err('hardware.peak_flops.fp16'));
add('memory_capacity "1e-300 B"', dev({ memory_capacity: '1e-300 B' }), err('hardware.memory_capacity'));
add('peak_flops "1e300 FLOP/s" (absurd but finite)', dev({ peak_flops: { fp16: '1e300 FLOP/s' } }), ok());
add('memory_bandwidth "1e300 B/s"', dev({ memory_bandwidth: '1e300 B/s' }), ok());
add('memory_capacity "1e300 B"', dev({ memory_capacity: '1e300 B' }), ok());
add('every device rate 1e300', dev({ peak_flops: { fp16: '1e300 FLOP/s' }, memory_bandwidth: '1e300 B/s', memory_capacity: '1e300 B', scale_up_bandwidth: '1e300 B/s' }), ok());
add('peak_flops as a bare number', dev({ peak_flops: { fp16: 1e14 } }), err('hardware.peak_flops.fp16', 'unit string'));
add('unit string "1e309 GiB"', dev({ memory_capacity: '1e309 GiB' }), err('hardware.memory_capacity', 'finite'));
add('unit string with two numbers', dev({ memory_capacity: '80 80 GiB' }), err('hardware.memory_capacity', 'unknown unit'));
add('unit string of only a unit', dev({ memory_capacity: 'GiB' }), err('hardware.memory_capacity'));
add('unit string with a wrong dimension', dev({ memory_capacity: '80 GB/s' }), err('hardware.memory_capacity', 'expected B'));
add('unit string with a prefix on a whole word', dev({ memory_capacity: '80 kyear' }), err('hardware.memory_capacity', 'unknown unit'));
add('unit string with trailing slash', dev({ memory_bandwidth: '2 TB/' }), err('hardware.memory_bandwidth', 'unknown unit'));
add('unit string of slashes', dev({ memory_bandwidth: '2 ////' }), err('hardware.memory_bandwidth', 'unknown unit'));
add('unit string with an exponent of 100000 digits-worth', dev({ memory_bandwidth: '1e99999999999 B/s' }), err('hardware.memory_bandwidth', 'finite'));
add('unit string with a tiny exponent', dev({ memory_bandwidth: '1e-99999999999 B/s' }), err('hardware.memory_bandwidth', '> 0'));

// ---- 6. Huge and negative numbers for every numeric field class ------------------------------------
add('batch_size -1', with_(LLM, { batch_size: -1 }), err('batch_size', 'integer ≥ 1'));
add('batch_size 1048577 (2^20 + 1)', with_(LLM, { batch_size: 1048577 }), err('batch_size', '≤ 1048576'));
add('batch_size 1e300', with_(LLM, { batch_size: 1e300 }), err('batch_size', '≤ 1048576'));
add('batch_size 1e6 (valid, extreme) on a CNN', with_(CNN, { batch_size: 1e6 }), ok());
add('batch_size 1048576 on an LLM', with_(LLM, { batch_size: 1048576 }), ok());
add('batch_size 1048576 serving', with_(LLM, { mode: 'serving', batch_size: 1048576 }), ok());
add('seq_len -5', with_(LLM, { seq_len: -5 }), err('seq_len', 'integer ≥ 1'));
add('seq_len 2^24 + 1', with_(LLM, { seq_len: 16777217 }), err('seq_len', '≤ 16777216'));
add('seq_len 2^24 and output_len 2^24 (valid, extreme)', with_(LLM, { seq_len: 16777216, output_len: 16777216, batch_size: 1048576 }), ok('CONTEXT_EXCEEDS_MODEL'));
add('seq_len 2^24 serving with traffic', with_(LLM, { mode: 'serving', seq_len: 16777216, traffic: { arrival_rate: 1e12, slo_p99_s: 1e-30 } }), ok());
add('output_len 0', with_(LLM, { output_len: 0 }), err('output_len', 'integer ≥ 1'));
add('cluster.tp 0', with_(LLM, { cluster: { tp: 0 } }), err('cluster.tp', 'integer ≥ 1'));
add('cluster.tp -8', with_(LLM, { cluster: { tp: -8 } }), err('cluster.tp', 'integer ≥ 1'));
add('cluster.tp 1e9', with_(LLM, { cluster: { tp: 1e9 } }), err('cluster.tp', '≤ 1048576'));
add('cluster.tp 3 does not divide heads', with_(LLM, { cluster: { tp: 3 } }), err('cluster.tp', 'must divide'));
add('cluster.gpus 0 (training)', with_(TRAIN, { cluster: { gpus: 0 } }), err('cluster.gpus', 'integer ≥ 1'));
add('cluster.gpus 1e15 (training)', with_(TRAIN, { cluster: { gpus: 1e15 } }), err('cluster.gpus', '≤ 1048576'));
add('cluster.gpus 1048576 (training, valid, extreme)', with_(TRAIN, { cluster: { gpus: 1048576 } }), ok());
add('cluster.gpus 1048576 with 1e16 tokens (valid, extreme)', with_(TRAIN, { cluster: { gpus: 1048576 }, training: { tokens: 1e16 } }), ok());
add('a fleet that fails every 3 ns never finishes', with_(TRAIN, { cluster: { gpus: 1048576 }, training: { tokens: 1e16 }, reliability: { gpu_mtbf_h: 1e-9 } }), err('reliability', 'never completes'));
add('cluster.microbatches 1e300', with_(TRAIN, { cluster: { gpus: 64, microbatches: 1e300 } }), err('cluster.microbatches'));
add('cluster.gpus_per_node -1', with_(TRAIN, { cluster: { gpus: 64, gpus_per_node: -1 } }), err('cluster.gpus_per_node'));
add('cluster.oversubscription 1e300', with_(TRAIN, { cluster: { gpus: 64, oversubscription: 1e300 } }), err('cluster.oversubscription'));
add('traffic.arrival_rate -1', with_(LLM, { traffic: { arrival_rate: -1 } }), err('traffic.arrival_rate', '> 0'));
add('traffic.arrival_rate 0', with_(LLM, { traffic: { arrival_rate: 0 } }), err('traffic.arrival_rate', '> 0'));
add('traffic.arrival_rate 1e300', with_(LLM, { traffic: { arrival_rate: 1e300 } }), err('traffic.arrival_rate', '≤ 1e+12'));
add('traffic.arrival_rate 5e-324 (denormal)', '{"model":"Llama3_8B","hardware":"H100","mode":"serving","traffic":{"arrival_rate":5e-324,"slo_p99_s":1}}', err('traffic.arrival_rate', 'too small'));
add('traffic.arrival_rate 1e-30 (the smallest, valid)', with_(LLM, { mode: 'serving', traffic: { arrival_rate: 1e-30, slo_p99_s: 1 } }), ok());
add('traffic.arrival_rate 1e12 (valid, extreme)', with_(LLM, { mode: 'serving', traffic: { arrival_rate: 1e12, slo_p99_s: 1 } }), ok());
add('traffic.slo_p99_s 0', with_(LLM, { traffic: { arrival_rate: 1, slo_p99_s: 0 } }), err('traffic.slo_p99_s', '> 0'));
add('traffic.slo_p99_s 5e-324', '{"model":"Llama3_8B","hardware":"H100","mode":"serving","traffic":{"arrival_rate":1,"slo_p99_s":5e-324}}', err('traffic.slo_p99_s', 'too small'));
add('traffic.slo_p99_s 1e-30 (valid, unreachable)', with_(LLM, { mode: 'serving', traffic: { arrival_rate: 1, slo_p99_s: 1e-30 } }), ok('SLO_UNREACHABLE'));
add('traffic.service_cv 1e9', with_(LLM, { traffic: { arrival_rate: 1, service_cv: 1e9 } }), err('traffic.service_cv'));
add('traffic without arrival_rate', with_(LLM, { traffic: { slo_p99_s: 1 } }), err('traffic.arrival_rate', 'is required'));
add('site.years -3', with_(LLM, { site: { years: -3 } }), err('site.years', '> 0'));
add('site.years 1e300', with_(LLM, { site: { years: 1e300 } }), err('site.years'));
add('site.years 5e-324 (denormal)', '{"model":"Llama3_8B","hardware":"H100","site":{"years":5e-324}}', err('site.years'));
add('site.years 1e-9 (31 ms of life, valid)', with_(LLM, { site: { years: 1e-9 } }), ok());
add('site.utilization 1e-300', with_(LLM, { site: { utilization: 1e-300 } }), err('site.utilization'));
add('site.utilization 2', with_(LLM, { site: { utilization: 2 } }), err('site.utilization', '(0, 1]'));
add('site.pue 0.5', with_(LLM, { site: { pue: 0.5 } }), err('site.pue', '≥ 1'));
add('site.pue 1e300', with_(LLM, { site: { pue: 1e300 } }), err('site.pue'));
add('site.price_per_kwh "-1 USD/kWh"', with_(LLM, { site: { price_per_kwh: '-1 USD/kWh' } }), err('site.price_per_kwh', '≥ 0'));
add('site.price_per_kwh "1e999 USD/kWh"', with_(LLM, { site: { price_per_kwh: '1e999 USD/kWh' } }), err('site.price_per_kwh', 'finite'));
add('site.carbon_intensity "5 TB/s" (wrong dimension)', with_(LLM, { site: { carbon_intensity: '5 TB/s' } }), err('site.carbon_intensity', 'expected'));
add('site.region unknown with RTL override', with_(LLM, { site: { region: '\u202eQuebec' } }), err('site.region', 'unknown'));
add('site.region empty', with_(LLM, { site: { region: '' } }), err('site.region'));
add('cost.unit_cost "-5 USD"', with_(LLM, { cost: { unit_cost: '-5 USD' } }), err('cost.unit_cost', '≥ 0'));
add('cost.facility_years 0', with_(LLM, { cost: { facility_years: 0 } }), err('cost.facility_years', '> 0'));
add('cost.facility_years 5e-324', '{"model":"Llama3_8B","hardware":"H100","cost":{"facility_years":5e-324}}', err('cost.facility_years'));
add('cost.server_fraction 1e300', with_(LLM, { cost: { server_fraction: 1e300 } }), err('cost.server_fraction'));
add('energy.idle_fraction -0.1', with_(LLM, { energy: { idle_fraction: -0.1 } }), err('energy.idle_fraction', '[0, 1]'));
add('efficiency.compute 5e-324 (denormal)', '{"model":"Llama3_8B","hardware":"H100","efficiency":{"compute":5e-324}}', err('efficiency.compute'));
add('efficiency.memory 1e-300', with_(LLM, { efficiency: { memory: 1e-300 } }), err('efficiency.memory'));
add('efficiency.network 1e-300 (training)', with_(TRAIN, { efficiency: { network: 1e-300 } }), err('efficiency.network'));
add('efficiency.overhead_s 1e300', with_(LLM, { efficiency: { overhead_s: 1e300 } }), err('efficiency.overhead_s', '≤'));
add('efficiency.moe_imbalance 0.5', with_(LLM, { efficiency: { moe_imbalance: 0.5 } }), err('efficiency.moe_imbalance', '≥ 1'));
add('memory.reserve_bytes 1e300', with_(LLM, { memory: { reserve_bytes: 1e300 } }), err('memory.reserve_bytes', '≤'));
add('serving.page_tokens 0', with_(LLM, { mode: 'serving', serving: { page_tokens: 0 } }), err('serving.page_tokens'));
add('serving.prefix_hit_ratio 1', with_(LLM, { mode: 'serving', serving: { prefix_hit_ratio: 1 } }), err('serving.prefix_hit_ratio', '[0, 1)'));
add('serving.speculative.gamma 1e9', with_(LLM, { mode: 'serving', serving: { speculative: { gamma: 1e9 } } }), err('serving.speculative.gamma'));
add('serving.speculative.acceptance_rate NaN-string', with_(LLM, { mode: 'serving', serving: { speculative: { acceptance_rate: 'NaN' } } }), err('serving.speculative.acceptance_rate'));
add('training.tokens 1e300', with_(TRAIN, { training: { tokens: 1e300 } }), err('training.tokens'));
add('training.tokens 5e-324', '{"model":"Llama3_8B","hardware":"H100","mode":"training","cluster":{"gpus":64},"training":{"tokens":5e-324}}', err('training.tokens'));
add('training.target_days 0', with_(TRAIN, { training: { target_days: 0 } }), err('training.target_days'));
add('training.target_days 1e-300', with_(TRAIN, { training: { target_days: 1e-300 } }), err('training.target_days'));
add('reliability.gpu_mtbf_h 0', with_(TRAIN, { reliability: { gpu_mtbf_h: 0 } }), err('reliability.gpu_mtbf_h', '> 0'));
add('reliability.gpu_mtbf_h 5e-324', '{"model":"Llama3_8B","hardware":"H100","mode":"training","cluster":{"gpus":64},"reliability":{"gpu_mtbf_h":5e-324}}', err('reliability.gpu_mtbf_h'));
add('reliability.restart_s 1e300', with_(TRAIN, { reliability: { restart_s: 1e300 } }), err('reliability.restart_s', '≤'));
add('reliability.checkpoint_interval_s 1e-300', with_(TRAIN, { reliability: { checkpoint_interval_s: 1e-300 } }), err('reliability.checkpoint_interval_s'));
add('quant.group_size 0', with_(LLM, { quant: { weights: 'int4', group_size: 0 } }), err('quant.group_size'));
add('quant.scale_bytes 1e300', with_(LLM, { quant: { weights: 'int4', scale_bytes: 1e300 } }), err('quant.scale_bytes'));

// ---- 7. Unicode in names ------------------------------------------------------------------------------
for (const [what, name] of [['RTL override', '\u202eResNet50'], ['zero-width space', 'Res\u200bNet50'], ['emoji', 'ResNet50🦙'],
  ['NUL', 'ResNet50\u0000'], ['combining marks', 'R\u0301esNet50'], ['a lone replacement char', '\ufffd']])
  add(`model name with ${what}`, with_(CNN, { model: name }), err('model', 'unknown model'));
add('hardware name full-width', with_(CNN, { hardware: 'Ａ100' }), err('hardware', 'unknown hardware'));
add('inline device name with NUL, RTL and emoji (shown back as text)', dev({ name: 'a\u0000b\u202ec🦙' }), ok());
add('inline model name with markup', with_(LLM, { model: { ...CONFIG, name: '<img src=x onerror=alert(1)>' } }), ok());
add('precision with zero-width space', with_(CNN, { precision: 'fp\u200b16' }), err('precision', 'unknown precision'));
add('mode with trailing NUL', with_(CNN, { mode: 'inference\u0000' }), err('mode'));
add('unknown key with emoji and NUL', with_(CNN, { ['bätch\u0000🦙']: 1 }), ok('UNKNOWN_FIELD'));

// ---- 8. Unknown keys at each level (warned, never silently dropped) ------------------------------------
add('unknown top-level key', with_(CNN, { batchsize: 4 }), ok('UNKNOWN_FIELD'));
for (const [key, base] of [['cluster', LLM], ['efficiency', LLM], ['memory', LLM], ['serving', LLM], ['quant', LLM], ['network', LLM],
  ['site', LLM], ['energy', LLM], ['cost', LLM], ['training', TRAIN], ['reliability', TRAIN]])
  add(`unknown key in ${key}`, with_(base, { [key]: { ...(base[key] ?? {}), bogus_key: 1 } }), ok(`UNKNOWN_FIELD: '${key}.bogus_key'`));
add('unknown key in traffic', with_(LLM, { traffic: { arrival_rate: 1, bogus_key: 1 } }), ok("UNKNOWN_FIELD: 'traffic.bogus_key'"));
add('unknown key in serving.speculative', with_(LLM, { mode: 'serving', serving: { speculative: { bogus_key: 1 } } }), ok("UNKNOWN_FIELD: 'serving.speculative.bogus_key'"));
add('a calibration block of garbage', with_(LLM, { calibration: 'garbage' }),
  { either: [{ path_prefix: 'calibration' }, { ok: true, warning: "UNKNOWN_FIELD: 'calibration'" }] });
add('a calibration block with non-finite-looking strings', with_(LLM, { calibration: { tokens_per_s: 'NaN', scenario: [] } }),
  { either: [{ path_prefix: 'calibration' }, { ok: true, warning: "UNKNOWN_FIELD: 'calibration'" }] });

// ---- 9. Duplicate keys: the last one wins, as in JSON.parse ------------------------------------------
add('duplicate batch_size: bad value last', '{"model":"ResNet50","hardware":"A100","batch_size":4,"batch_size":-1}', err('batch_size', 'integer ≥ 1'));
add('duplicate batch_size: good value last', '{"model":"ResNet50","hardware":"A100","batch_size":-1,"batch_size":4}', ok());
add('duplicate hardware', '{"model":"ResNet50","hardware":"A100","hardware":"NoSuchChip"}', err('hardware', 'unknown hardware'));

// ---- 10. Inline devices with absurd values ------------------------------------------------------------
add('inline device: 0 bandwidth', dev({ memory_bandwidth: '0 TB/s' }), err('hardware.memory_bandwidth', '> 0'));
add('inline device: negative capacity', dev({ memory_capacity: '-80 GiB' }), err('hardware.memory_capacity', '> 0'));
add('inline device: no peak_flops', dev({}, ['peak_flops']), err('hardware.peak_flops', 'is required'));
add('inline device: empty peak_flops', dev({ peak_flops: {} }), err('hardware.peak_flops', 'at least one'));
add('inline device: peak_flops of an unknown precision', dev({ peak_flops: { fp7: '1 TFLOP/s' } }), err('hardware.peak_flops.fp7', 'unknown precision'));
add('inline device: peak_flops is an array', dev({ peak_flops: ['1 TFLOP/s'] }), err('hardware.peak_flops'));
add('inline device: 1e300 W tdp', dev({ tdp: '1e300 W' }), err('hardware.tdp', '≤ 1e+15 W'));
add('inline device: 1e15 W tdp (the limit)', dev({ tdp: '1e15 W' }), ok());
add('inline device: negative tdp', dev({ tdp: '-700 W' }), err('hardware.tdp'));
add('inline device: 1e-300 W tdp', dev({ tdp: '1e-300 W' }), err('hardware.tdp'));
add('inline device: negative unit_cost', dev({ unit_cost: '-30000 USD' }), err('hardware.unit_cost'));
add('inline device: 1e300 USD unit_cost', dev({ unit_cost: '1e300 USD' }), err('hardware.unit_cost', '≤ 1e+15 USD'));
add('inline device: 0 scale_up_bandwidth with tp 2', with_(dev({ scale_up_bandwidth: '0 GB/s' }), { cluster: { tp: 2 } }), err('hardware.scale_up_bandwidth'));
add('inline device: negative memory_reserve', dev({ memory_reserve: '-1 GiB' }), err('hardware.memory_reserve', '≥ 0'));
add('inline device: memory_reserve larger than capacity', dev({ memory_reserve: '1e300 B' }), ok());
add('inline device: name is an object', dev({ name: { a: 1 } }), err('hardware.name'));
add('inline device: capacity as a number', dev({ memory_capacity: 80e9 }), err('hardware.memory_capacity', 'unit string'));

// ---- 11. Inline models: config.json with missing and garbage keys ------------------------------------------
add('config: 0 layers', cfg({ num_hidden_layers: 0 }), err('model.num_hidden_layers', 'integer ≥ 1'));
add('config: 1e9 layers', cfg({ num_hidden_layers: 1e9 }), err('model.num_hidden_layers', '≤'));
add('config: heads do not divide hidden', cfg({ hidden_size: 4097 }), err('model.num_attention_heads', 'not divisible'));
add('config: kv heads do not divide heads', cfg({ num_key_value_heads: 6 }), err('model.num_key_value_heads'));
add('config: hidden_size missing', cfg({}, ['hidden_size']), err('model.hidden_size', 'is required'));
add('config: vocab_size missing', cfg({}, ['vocab_size']), err('model.vocab_size', 'is required'));
add('config: hidden_size a string', cfg({ hidden_size: '4096' }), err('model.hidden_size', 'must be a number'));
add('config: hidden_size negative', cfg({ hidden_size: -4096 }), err('model.hidden_size', 'integer ≥ 1'));
add('config: hidden_size 2^40 + 1', cfg({ hidden_size: 1099511627777 }), err('model.hidden_size', '≤'));
add('config: every dimension at its limit (2^40)', cfg({ hidden_size: 1099511627776, num_attention_heads: 1099511627776, num_key_value_heads: 1099511627776, intermediate_size: 1099511627776, vocab_size: 1099511627776, num_hidden_layers: 65536 }), ok());
add('config: every dimension at its limit, training: checkpoints outlast the MTBF', with_(TRAIN, { model: { ...CONFIG, hidden_size: 1099511627776, num_attention_heads: 1099511627776, num_key_value_heads: 1099511627776, intermediate_size: 1099511627776, vocab_size: 1099511627776, num_hidden_layers: 65536 } }), err('reliability', 'never completes'));
add('config: every dimension at its limit, serving', with_(LLM, { mode: 'serving', model: { ...CONFIG, hidden_size: 1099511627776, num_attention_heads: 1099511627776, num_key_value_heads: 1099511627776, intermediate_size: 1099511627776, vocab_size: 1099511627776, num_hidden_layers: 65536 } }), ok());
add('config: experts without num_experts_per_tok', cfg({ num_local_experts: 8 }), err('model.num_experts_per_tok', 'is required'));
add('config: more experts per token than experts', cfg({ num_local_experts: 8, num_experts_per_tok: 9 }), err('model.num_experts_per_tok', 'exceeds'));
add('config: layer_types of the wrong length', cfg({ layer_types: ['full_attention'] }), err('model.layer_types'));
add('config: layer_types is a string', cfg({ layer_types: 'sliding_attention' }), err('model.layer_types'));
add('config: sliding_window 0', cfg({ sliding_window: 0 }), err('model.sliding_window'));
add('config: kv_lora_rank -1', cfg({ kv_lora_rank: -1 }), err('model.kv_lora_rank'));
add('config: MLA without its head dims', cfg({ kv_lora_rank: 512 }), err('model.qk_rope_head_dim', 'is required'));
add('config: mlp_only_layers holds 1e300', cfg({ num_local_experts: 8, num_experts_per_tok: 2, decoder_sparse_step: 1, mlp_only_layers: [1e300, -1e300, 0.5] }), err('model.mlp_only_layers'));
add('config: mlp_only_layers holds a string', cfg({ num_local_experts: 8, num_experts_per_tok: 2, decoder_sparse_step: 1, mlp_only_layers: ['x'] }), err('model.mlp_only_layers'));
add('config: max_window_layers NaN-string', cfg({ sliding_window: 4096, use_sliding_window: true, max_window_layers: 'NaN' }), err('model.max_window_layers'));
add('config: max_window_layers -1e300', cfg({ sliding_window: 4096, use_sliding_window: true, max_window_layers: -1e300 }), ok());
add('config: tie_word_embeddings a string', cfg({ tie_word_embeddings: 'true' }), err('model.tie_word_embeddings', 'true or false'));
add('config: model_type a number', cfg({ model_type: 7 }), err('model.model_type', 'must be a string'));
add('config: type is neither generic nor absent', cfg({ type: 'transformer' }), err('model.type'));
add('config: an empty object', with_(LLM, { model: {} }), err('model.hidden_size', 'is required'));
add('config: unknown keys are part of config.json (accepted)', cfg({ torch_dtype: 'bfloat16', architectures: ['LlamaForCausalLM'], rope_scaling: { factor: 8 } }), ok());
add('generic workload: params 0', with_(CNN, { model: { type: 'generic', params: 0 } }), err('model.params', '> 0'));
add('generic workload: params missing', with_(CNN, { model: { type: 'generic' } }), err('model.params', 'is required'));
add('generic workload: flops "1e999 FLOP"', with_(CNN, { model: { type: 'generic', params: 1e6, flops_per_sample: '1e999 FLOP' } }), err('model.flops_per_sample', 'finite'));
add('generic workload: 1e300 params and FLOPs', with_(CNN, { model: { type: 'generic', params: 1e300, flops_per_sample: '1e300 FLOP', activation_bytes_per_sample: '1e300 B' }, batch_size: 1048576 }), err('model.params', 'at most 1e24'));
// Found by fuzz_solve: 1e303 FLOP per sample × a batch of 2^20 overflowed to infinity.
add('generic workload: 1e303 FLOP per sample at batch 2^20', with_(CNN, { model: { type: 'generic', params: 1e6, flops_per_sample: '1e303 FLOP' }, batch_size: 1048576 }), err('model.flops_per_sample', 'at most 1e24'));
add('generic workload: 1e300 B of activations', with_(CNN, { model: { type: 'generic', params: 1e6, activation_bytes_per_sample: '1e300 B' } }), err('model.activation_bytes_per_sample', 'at most 1e24'));
add('generic workload: 1e24 params and FLOPs at batch 2^20', with_(CNN, { model: { type: 'generic', params: 1e24, flops_per_sample: '1e24 FLOP', activation_bytes_per_sample: '1e24 B' }, batch_size: 1048576 }), ok());
add('generic workload: 5e-324 params', '{"model":{"type":"generic","params":5e-324},"hardware":"A100"}', err('model.params', 'too small'));
add('generic workload: layers 1e300', with_(CNN, { model: { type: 'generic', params: 1e6, layers: 1e300 } }), err('model.layers'));
add('speculative draft_model garbage', with_(LLM, { mode: 'serving', serving: { speculative: { draft_model: 5 } } }), err('serving.speculative.draft_model'));

// ---- 12. Fabric, fleet and sweep-adjacent garbage --------------------------------------------------------
add('cluster.fabric unknown name with markup', with_(TRAIN, { cluster: { gpus: 64, fabric: '"><script>alert(1)</script>' } }), err('cluster.fabric', 'unknown'));
add('cluster.fabric inline with 0 bandwidth', with_(TRAIN, { cluster: { gpus: 64, fabric: { name: 'f', bandwidth: '0 Gb/s', latency: '1 us' } } }), err('cluster.fabric.bandwidth'));
add('cluster.fabric inline with 1e300 latency', with_(TRAIN, { cluster: { gpus: 64, fabric: { name: 'f', bandwidth: '400 Gb/s', latency: '1e300 s' } } }), err('cluster.fabric.latency'));
const SLOW = { name: 'slow', peak_flops: { bf16: '1e-29 FLOP/s' }, memory_capacity: '1e300 B', memory_bandwidth: '1e-29 B/s', tdp: '1e15 W', unit_cost: '1e15 USD', embodied_carbon: '1e15 kgCO2e', scale_up_bandwidth: '1e-29 B/s' };
add('inline device: 1e300 W tdp on 1048576 GPUs (training)', with_(TRAIN, { hardware: { ...DEVICE, tdp: '1e300 W', scale_up_bandwidth: '900 GB/s' }, cluster: { gpus: 1048576 } }), err('hardware.tdp'));
add('inline device: 1e300 USD on 1048576 GPUs with 1e15 cost fractions', with_(TRAIN, { hardware: { ...DEVICE, unit_cost: '1e300 USD', scale_up_bandwidth: '900 GB/s' }, cluster: { gpus: 1048576 }, cost: { server_fraction: 1e15, network_fraction: 1e15, storage_fraction: 1e15 } }), err('hardware.unit_cost'));
add('inline device: 1e300 kg embodied carbon on 1048576 GPUs', with_(TRAIN, { hardware: { ...DEVICE, embodied_carbon: '1e300 kgCO2e', scale_up_bandwidth: '900 GB/s' }, cluster: { gpus: 1048576 } }), err('hardware.embodied_carbon'));
add('inline device: dispatch_tax 1e300 s', dev({ dispatch_tax: '1e300 s' }), err('hardware.dispatch_tax'));
add('inline device: scale_up_latency 1e300 s with tp 8', with_(dev({ scale_up_latency: '1e300 s', scale_up_bandwidth: '900 GB/s' }), { cluster: { tp: 8 } }), err('hardware.scale_up_latency'));
add('the slowest, costliest device the domain allows, inference', with_(LLM, { hardware: SLOW, batch_size: 1048576, seq_len: 16777216, site: { years: 100, pue: 1e15 } }), ok());
add('the slowest, costliest device the domain allows, serving with traffic', with_(LLM, { mode: 'serving', hardware: SLOW, traffic: { arrival_rate: 1e12, slo_p99_s: 1e-30 } }), ok());
add('the slowest, costliest device the domain allows, training', with_(TRAIN, { hardware: SLOW, cluster: { gpus: 1048576 }, efficiency: { compute: 1e-30, network: 1e-30, memory: 1e-30 } }), { either: [{ ok: true }, { path: 'reliability' }] });
add('training with 1e300 FLOP/s device', with_(TRAIN, { hardware: { ...DEVICE, peak_flops: { bf16: '1e300 FLOP/s' }, scale_up_bandwidth: '1e300 B/s' } }), ok());

writeFileSync(join(here, 'scenarios.json'), JSON.stringify({
  about: 'Hostile scenarios (tests/hostile/make-scenarios.mjs writes this file; see its header for the entry forms). ' +
    'Each is run through solve_text by tests/core/test_hostile.cpp and through wasm by tests/wasm/hostile.test.mjs.',
  entries,
}, null, 1) + '\n');
console.log(`${entries.length} scenarios`);
