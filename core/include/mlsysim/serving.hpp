// Mode "serving" (MODELS.md §E): continuous batching in steady state with chunked prefill (or
// not), prefix caching and speculative decoding; TTFT, ITL, request latency, tokens/s, KV pressure.
#pragma once
#include "mlsysim/inference.hpp"

namespace mlsysim {

// Evaluates the serving scenario at concurrency `batch` (no explain, no per-layer detail).
InferenceResult evaluate_serving(const Scenario& s, const MemoryModel& memory, double batch);

// The full answer at the scenario's batch: evaluate, phases with per-layer rows, explain, warnings.
InferenceResult solve_serving(Scenario& s);

}  // namespace mlsysim
