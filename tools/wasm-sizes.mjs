#!/usr/bin/env node
// Where the wasm module's bytes go: every function body and data segment by size, grouped by what
// pulled it in (nlohmann, libc++, our solvers, the writer, catalog data, embind, ...).
// Function names need a build with names kept:
//   emcmake cmake -S . -B build/wasm-prof -DMLSYSIM_WASM_PROFILING=ON && cmake --build build/wasm-prof
//   node tools/wasm-sizes.mjs [build/wasm-prof/mlsysim_wasm.wasm] [--top N] [--json]
// Without a name section functions are listed by index only (the groups then say "unnamed").
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const file = args.find((a, i) => !a.startsWith('--') && i !== topAt + 1) ?? 'build/wasm-prof/mlsysim_wasm.wasm';
const bytes = readFileSync(file);

// --- a minimal reader of the wasm binary format (sections, code bodies, data, name section) ---
let pos = 0;
const u8 = () => bytes[pos++];
const leb = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return result;
};
const str = () => { const n = leb(); const s = bytes.toString('utf8', pos, pos + n); pos += n; return s; };

if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a wasm module`);
pos = 8;
const sections = [];
let importedFuncs = 0;
const bodies = [];   // {index, size}
const segments = []; // {index, size, text}
const names = new Map();
while (pos < bytes.length) {
  const id = u8();
  const size = leb();
  const start = pos, end = pos + size;
  let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
    'element', 'code', 'data', 'datacount'][id] ?? `id${id}`;
  if (id === 0) name = `custom:${str()}`;
  sections.push({ name, size: end - start + 1 + (start - (start - 0)) });
  if (id === 2) {  // imports: count the imported functions, they shift function indices
    for (let n = leb(); n > 0; --n) {
      str(); str();
      const kind = u8();
      if (kind === 0) { leb(); ++importedFuncs; }
      else if (kind === 1) { u8(); const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); }
      else if (kind === 3) { u8(); u8(); }
      else if (kind === 4) { u8(); leb(); }
    }
  } else if (id === 10) {
    const n = leb();
    for (let i = 0; i < n; ++i) {
      const s = leb();
      bodies.push({ index: importedFuncs + i, size: s, data: bytes.subarray(pos, pos + s) });
      pos += s;
    }
  } else if (id === 11) {
    const n = leb();
    for (let i = 0; i < n; ++i) {
      const flags = leb();
      if (flags === 2) leb();
      if (flags !== 1) { while (bytes[pos] !== 0x0b) ++pos; ++pos; }  // skip the offset expression
      const s = leb();
      segments.push({ index: i, size: s, data: bytes.subarray(pos, pos + s) });
      pos += s;
    }
  } else if (name === 'custom:name') {
    while (pos < end) {
      const sub = u8(), subSize = leb(), subEnd = pos + subSize;
      if (sub === 1) for (let n = leb(); n > 0; --n) { const i = leb(); names.set(i, str()); }
      pos = subEnd;
    }
  }
  pos = end;
}

// --- groups: the first pattern that matches a (demangled-ish) name wins ---
const groups = [
  ['nlohmann: parser / lexer', /nlohmann.*(parser|lexer|input_adapter|json_sax|sax_dom|iterator_input)/],
  ['nlohmann: dtoa (grisu2)', /nlohmann.*(dtoa|to_chars|grisu)/],
  ['nlohmann: exceptions', /nlohmann.*(exception|parse_error|type_error|out_of_range|invalid_iterator|other_error)/],
  ['nlohmann: basic_json values / accessors', /nlohmann/],
  ['writer: JsonWriter / explain', /JsonWriter|append_json_string|write_explain|utf8_length/],
  ['report: result / error JSON', /mlsysim::.*(write_|result_text|training_text|solve_parsed|solve_text|guarded|error_text|catalog_text|sweep|evaluate_point|parse_text|nesting_depth)/],
  ['catalog parsing', /mlsysim::.*(Catalog|parse_device|parse_model|parse_region|parse_fabric|source_text|lookup)/],
  ['scenario parsing / validation', /mlsysim::.*(parse_|read_|scenario|Scenario|field|describe|join_path|InputError|site_inputs|resolve|config)/],
  ['units / text', /mlsysim::.*(unit|Unit|quantity|Dimension|dim::|format_|to_lower|nearest|edit_distance|join)/],
  ['solvers (physics)', /mlsysim::/],
  ['embind', /emscripten|embind|_EmVal|EmVal|BindingType|__getTypeName|val::/],
  ['libc++ string', /basic_string|char_traits|__str|to_string/],
  ['libc++ containers / algorithms', /std::__2::(vector|__tree|map|__hash|__split_buffer|sort|__insertion|pair|optional|__function|allocator|__sort|__merge|unique_ptr|__stable)/],
  ['libc++ locale / iostream', /locale|ios|stream|facet|ctype|codecvt|num_put|num_get/],
  ['libc++abi / exceptions / rtti', /__cxa|__cxxabiv1|typeinfo|type_info|exception|_Unwind|terminate|demangle|__gxx/],
  ['libc math', /^(pow|exp|log|sqrt|cbrt|floor|ceil|fmod|scalbn|frexp|llround|round|__math|__sin|__cos|sin|cos|tan|expm1|log1p|log2|log10|exp2|lgamma|erf)/],
  ['libc string / memory', /^(mem|str|__mem|__str|emmalloc|malloc|free|realloc|calloc|sbrk|operator new|operator delete|aligned_alloc|dlmalloc|posix_memalign)/],
  ['libc other', /^(__|_|[a-z])/],
];
// The function's own qualified name: without its return type and parameter list, so that
// mlsysim::parse_device(nlohmann::json const&) counts as ours, not as nlohmann's.
const ownName = (full) => {
  const s = full.replaceAll('(anonymous namespace)', '{anon}');
  let depth = 0, start = 0, end = s.length;
  for (let i = 0; i < s.length; ++i) {
    const c = s[i];
    if (c === '<') ++depth;
    else if (c === '>') --depth;
    else if (depth === 0 && c === ' ' && !s.startsWith('operator', i - 8) && s[i + 1] !== '(') start = i + 1;
    else if (depth === 0 && c === '(' && i > 0) { end = i; break; }
  }
  return s.slice(start, end);
};
const groupOf = (name) => {
  if (!name) return 'unnamed';
  const own = ownName(name);
  for (const [g, re] of groups) if (re.test(own)) return g;
  return 'other';
};

const table = new Map();
const chunks = new Map();  // group → its bytes, gzipped together for a share of the transfer
const add = (g, size, data) => {
  const t = table.get(g) ?? { bytes: 0, count: 0 };
  t.bytes += size; t.count += 1;
  table.set(g, t);
  if (data) chunks.set(g, [...(chunks.get(g) ?? []), data]);
};
for (const b of bodies) add(groupOf(names.get(b.index)), b.size, b.data);

// Data: the embedded catalogs are the long JSON runs; the rest are string literals and tables.
const catalogJson = /\{"(devices|models|regions|fabrics)":\[[^\0]*/g;
for (const seg of segments) {
  const text = Buffer.from(seg.data).toString('latin1');
  for (const j of text.match(catalogJson) ?? []) add('data: embedded catalogs (JSON)', j.length, Buffer.from(j, 'latin1'));
  const rest = text.replace(catalogJson, '');
  add('data: string literals, tables', rest.length, Buffer.from(rest, 'latin1'));
}
// Each group's bytes gzipped on their own: an estimate of its share of the transfer (the parts
// compress a little better together, so the shares sum to somewhat more than the file's gzip).
const gzipOfGroup = (g) => gzipSync(Buffer.concat(chunks.get(g) ?? []), { level: 9 }).length;

const codeTotal = bodies.reduce((a, b) => a + b.size, 0);
const gz = gzipSync(bytes, { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)}`.padStart(7);

if (args.includes('--json')) {
  console.log(JSON.stringify({ file, raw: bytes.length, gzip: gz, code: codeTotal, groups: Object.fromEntries([...table].map(([g, t]) => [g, { ...t, gzip: gzipOfGroup(g) }])),
    functions: bodies.map((b) => ({ name: names.get(b.index) ?? `#${b.index}`, bytes: b.size })) }));
} else {
  console.log(`${file}: ${bytes.length} bytes raw, ${gz} gzip -9; code ${codeTotal} in ${bodies.length} functions, ` +
    `${segments.length} data segments, names ${names.size ? 'present' : 'absent'}`);
  console.log('\nsections (KiB):');
  for (const s of sections) console.log(`  ${kib(s.size)}  ${s.name}`);
  console.log('\ngroups (KiB raw, KiB gzip alone, count):');
  for (const [g, t] of [...table].sort((a, b) => b[1].bytes - a[1].bytes))
    console.log(`  ${kib(t.bytes)}  ${kib(gzipOfGroup(g))}  ${String(t.count).padStart(5)}  ${g}`);
  console.log(`\nlargest ${top} functions (bytes):`);
  for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, top)) {
    const n = names.get(b.index) ?? `#${b.index}`;
    console.log(`  ${String(b.size).padStart(7)}  ${groupOf(names.get(b.index)).padEnd(34)}  ${n.length > 110 ? `${n.slice(0, 107)}...` : n}`);
  }
}
