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

struct PhaseSummary {  // performance.phases.{prefill,decode}
  double t_compute = 0, t_memory = 0, time = 0, intensity = 0;
  std::string bottleneck;
};

struct SweepPoint {
  double batch = 0, latency_s = 0, throughput_per_s = 0, intensity = 0, flops = 0, bytes = 0;
  bool compute_bound = false, fits = false;
  std::string bottleneck;
};

struct DecoderTimes {
  double ttft = 0, prefill = 0, decode_step = 0, request_latency = 0, tokens_per_s = 0;
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
  std::optional<PhaseSummary> prefill, decode;
  std::optional<DecoderTimes> decoder;
  MemoryResult memory;
  std::vector<SweepPoint> sweep;
  std::vector<ExplainEntry> explain;
};

// Evaluates the scenario at `batch` (no sweep, no explain, no max_batch): the sweep's inner step.
InferenceResult evaluate_inference(const Scenario& s, const MemoryModel& memory, double batch);

// The full answer: evaluate, sweep B = 1, 2, 4, …, 1024, explain, and append warnings to s.warnings.
InferenceResult solve_inference(Scenario& s);

}  // namespace mlsysim
