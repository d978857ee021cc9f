#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang++, -fsanitize=fuzzer,address,undefined) into
# build/fuzz (or $MLSYSIM_FUZZ_DIR) and runs each for SECONDS seconds (default 20), starting from
# seeds taken from tests/fixtures and tests/hostile with the dictionary fuzz/json.dict. The corpus
# grows across runs in <dir>/corpus/; a finding (crash, sanitizer report, contract violation,
# timeout) is saved in <dir>/findings/<target>/ and makes the script exit 1.
#   tools/fuzz.sh          # 20 s per target (./run test)
#   tools/fuzz.sh 3600     # an hour per target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
jobs=$(nproc 2>/dev/null || echo 2)
out=${MLSYSIM_FUZZ_DIR:-build/fuzz}  # ./run test passes build/asan: its core is already instrumented

CC=clang CXX=clang++ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1" \
  -DMLSYSIM_FUZZ=ON >/dev/null
cmake --build "$out" -j"$jobs" --target fuzz_solve fuzz_units >/dev/null

# Seeds: every fixture scenario and hostile entry of at most 64 KiB (solve); every unit string of
# the catalogs and of those scenarios (units).
rm -rf "$out/seeds"
node --input-type=module - "$out/seeds" <<'EOF'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir] = process.argv.slice(2);
const solve = join(dir, 'fuzz_solve'), units = join(dir, 'fuzz_units');
mkdirSync(solve, { recursive: true });
mkdirSync(units, { recursive: true });
const texts = [];
for (const f of readdirSync('tests/fixtures').filter((n) => n.endsWith('.json')))
  texts.push(Buffer.from(JSON.stringify(JSON.parse(readFileSync(join('tests/fixtures', f), 'utf8')).scenario)));
for (const e of JSON.parse(readFileSync('tests/hostile/scenarios.json', 'utf8')).entries) {
  if (e.input !== undefined) texts.push(Buffer.from(e.input));
  else if (e.input_b64 !== undefined) texts.push(Buffer.from(e.input_b64, 'base64'));
}
texts.filter((t) => t.length <= 65536).forEach((t, i) => writeFileSync(join(solve, `seed-${i}`), t));
const strings = new Set();
const walk = (v) => {
  if (typeof v === 'string' && /^\s*[-+.\d]/.test(v) && v.length < 200) strings.add(v);
  else if (v && typeof v === 'object') Object.values(v).forEach(walk);
};
for (const f of readdirSync('catalogs').filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join('catalogs', f), 'utf8')));
for (const t of texts) { try { walk(JSON.parse(t.toString())); } catch { /* malformed on purpose */ } }
[...strings].forEach((s, i) => writeFileSync(join(units, `seed-${i}`), s));
EOF

status=0
for target in fuzz_solve fuzz_units; do
  corpus="$out/corpus/$target" findings="$out/findings/$target" log="$out/$target.log"
  mkdir -p "$corpus" "$findings"
  set +e
  "$out/$target" "$corpus" "$out/seeds/$target" -dict=fuzz/json.dict -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  found=$(find "$findings" -type f | wc -l)
  echo "$target: ${runs:-?} executions in ${seconds} s (${rate:-?} exec/s), corpus $(ls "$corpus" | wc -l) inputs, findings: $found"
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    grep -m 20 -E "ERROR|SUMMARY|contract violation|runtime error|Test unit written" "$log" || tail -20 "$log"
  fi
done
exit "$status"
