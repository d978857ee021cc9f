// Mode "inference" (MODELS.md §C.5): one pass (CNN/generic/encoder) or one static-batch
// generation (decoder), its bottleneck, MFU, intensity against the ridge, and a batch sweep.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mlsysim/explain.hpp"
#include "mlsysim/memory.hpp"
#include "mlsysim/roofline.hpp"

namespace mlsysim {

struct PhaseSummary {  // performance.phases.{prefill,decode,iteration}
  double t_compute = 0, t_memory = 0, t_comm = 0, time = 0, intensity = 0, flops = 0, bytes = 0;
  std::string bottleneck;
  PassDetail detail;  // per-layer operator rows (filled by solve_*, not by the sweep's evaluate_*)
};

struct SweepPoint {
  double batch = 0, latency_s = 0, throughput_per_s = 0, intensity = 0, flops = 0, bytes = 0;
  bool compute_bound = false, fits = false;
  std::string bottleneck;
};

struct InferenceResult;
// One point of the batch sweep from a result evaluated at `batch`; compute-bound judged on the
// decode step for decoders (the pass that repeats), on the pass otherwise.
SweepPoint sweep_point(const InferenceResult& at_batch, double batch, double max_batch);

struct DecoderTimes {
  double ttft = 0, prefill = 0, decode_step = 0, request_latency = 0, tokens_per_s = 0;
  double itl = 0;                  // inference: t_dec; serving: the iteration time per output token
  std::optional<double> kv_utilization;  // B·KV_seq,r/(U − weights − workspace − reserve); none if ≤ 0 room
  double cached_tokens = 0;        // C (prefix cache), serving
  double prefills_per_iteration = 0, iteration_tokens = 0;  // φ (φ_spec) and B + φ·S_new, serving
  std::optional<double> spec_tokens_per_step, t_draft, t_verify;  // speculative decoding
};

struct MemoryResult {
  MemoryBreakdown breakdown;  // at the scenario's batch
  double capacity = 0, usable = 0, max_batch = 0, kv_bytes_per_sequence = 0;
  bool fits = false;
};

struct InferenceResult {
  Rates rates;
  PassCost total;  // the aggregate scope: one pass, or prefill + (n_out − 1) decode steps
  std::string scope, bottleneck, throughput_unit;
  double latency_s = 0, throughput_per_s = 0, mfu = 0, hfu = 0, intensity = 0, ridge = 0, ridge_peak = 0;
  double compute_bound_fraction = 0, overhead_s = 0, overhead_fraction = 0, busy_fraction = 0;
  std::optional<double> crossover_batch;
  std::optional<PhaseSummary> prefill, decode, iteration;
  std::optional<DecoderTimes> decoder;
  MemoryResult memory;
  std::vector<SweepPoint> sweep;
  std::vector<ExplainEntry> explain;
};

// The roofline figures of a scope (§C.5): bottleneck over compute/memory/communication classes,
// intensity, ridge, MFU/HFU over `t_work` (the time the scope's FLOPs take), busy fraction.
void fill_aggregates(const Scenario& s, InferenceResult& r, double t_work);
PhaseSummary summarize(const PassCost& p);
// Warnings shared by inference and serving: OVERHEAD_DOMINATED, NEAR_RIDGE, MIXED_BOUND.
void add_roofline_warnings(Scenario& s, const InferenceResult& r);
// The §M rules alone (training uses them too): overhead > 50% of latency; intensity within ±20% of the ridge.
void warn_overhead_dominated(Scenario& s, double overhead_fraction, double latency_s);
void warn_near_ridge(Scenario& s, const char* phase, double intensity, double ridge);

// Evaluates the scenario at `batch` (no sweep, no explain, no max_batch): the sweep's inner step.
InferenceResult evaluate_inference(const Scenario& s, const MemoryModel& memory, double batch);

// The full answer: evaluate, sweep B = 1, 2, 4, …, 1024, explain, and append warnings to s.warnings.
InferenceResult solve_inference(Scenario& s);

}  // namespace mlsysim
