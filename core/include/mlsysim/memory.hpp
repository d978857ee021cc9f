// Memory footprint per GPU in inference (MODELS.md §D.1): weights, KV cache, workspace, reserve.
#pragma once
#include "mlsysim/scenario.hpp"

namespace mlsysim {

struct MemoryBreakdown {
  double weights = 0, kv_cache = 0, workspace = 0, reserve = 0;
  double required() const { return weights + kv_cache + workspace + reserve; }
};

struct MemoryResult {
  MemoryBreakdown breakdown;  // at the scenario's batch
  double capacity = 0, usable = 0;
  bool fits = false;
  double max_batch = 0;       // largest B with required(B) ≤ usable (0: not even B = 1)
  double kv_bytes_per_sequence = 0;  // decoders: KV_seq(S + n_out)
};

MemoryBreakdown inference_memory(const Scenario& s, double batch);
MemoryResult inference_memory_result(const Scenario& s);

}  // namespace mlsysim
