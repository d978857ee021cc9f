// Memory footprint per GPU in inference (MODELS.md §D.1): weights, KV cache, workspace, reserve.
#pragma once
#include "mlsysim/scenario.hpp"

namespace mlsysim {

struct MemoryBreakdown {
  double weights = 0, kv_cache = 0, workspace = 0, reserve = 0;
  double required() const { return weights + kv_cache + workspace + reserve; }
};

// The batch-independent parts, computed once per scenario; at(B) is then O(1).
struct MemoryModel {
  double weights = 0, reserve = 0;
  double kv_per_sequence = 0;     // decoders: KV_seq,r(S + n_out) at page granularity
  double workspace_per_token = 0; // transformers: b_a·(4h + qkv + mlp) + logits, per token in flight
  double workspace_floor_tokens = 0;  // decoders: the chunked budget T_max; encoders: 0
  double tokens_per_sequence = 0;     // tokens of one sequence's pass (S)
  double workspace_per_sample = 0;    // CNN/generic: A_s·b_a/2
  double capacity = 0, usable = 0;

  MemoryBreakdown at(double batch) const;
  bool fits(double batch) const { return at(batch).required() <= usable; }
  double max_batch() const;  // largest B with required(B) ≤ usable (0: not even B = 1)
};

MemoryModel memory_model(const Scenario& s);

}  // namespace mlsysim
