// Memory footprint per GPU (MODELS.md §D): inference and serving (§D.1: weights, KV cache,
// workspace, reserve) and training (§D.2: weights, gradients, optimizer, activations, logits).
#pragma once
#include <optional>
#include "mlsysim/scenario.hpp"

namespace mlsysim {

struct MemoryBreakdown {
  double weights = 0, kv_cache = 0, workspace = 0, reserve = 0;
  double gradients = 0, optimizer = 0, activations = 0, logits = 0;  // training only
  double required() const {
    return weights + kv_cache + workspace + reserve + gradients + optimizer + activations + logits;
  }
  // MODELS.md §E "KV pressure": the KV cache held over the memory left for it once weights,
  // workspace and reserve are in (usable U, B). Serving and plain decoder inference alike. None
  // when nothing is left (the model does not fit): a ratio over a negative room means nothing.
  std::optional<double> kv_utilization(double usable) const {
    const double room = usable - weights - workspace - reserve;
    if (!(room > 0)) return std::nullopt;
    return kv_cache / room;
  }
};

// The batch-independent parts, computed once per scenario; at(B) is then O(1).
struct MemoryModel {
  double weights = 0, reserve = 0;
  double kv_per_sequence = 0;     // decoders: KV_seq,r(S + n_out) at page granularity (+ a draft model's)
  double workspace_per_token = 0; // transformers: b_a·(4h + qkv + mlp) + logits, per token in flight
  double workspace_floor_tokens = 0;  // decoders: the chunked budget T_max (serving unchunked: max(T_max, S_new))
  double tokens_per_sequence = 0;     // tokens of one sequence's unchunked pass (static prefill S; serving 0)
  double workspace_per_sample = 0;    // CNN/generic: A_s·b_a/2
  double capacity = 0, usable = 0;

  MemoryBreakdown at(double batch) const;
  bool fits(double batch) const { return at(batch).required() <= usable; }
  double max_batch() const;  // largest B with required(B) ≤ usable (0: not even B = 1)
};

MemoryModel memory_model(const Scenario& s);

// Parameters of one layer held by one TP rank (§C.3 shards: heads, MLP columns and experts split
// n_tp ways, KV heads replicated when k < n_tp, the router replicated; biases split with their
// matrices), split into GEMM weights and norms.
struct LayerParams {
  double linear = 0, norms = 0;
  double total() const { return linear + norms; }
};
LayerParams rank_layer_params(const TransformerArch& t, bool moe, double n_tp);
// Embedding tables (V_r·h each, learned positions replicated) and the final norm on one rank.
double rank_edge_params(const TransformerArch& t, double n_tp);

// Training memory per GPU (§D.2) as a function of the micro-batch b_mb (sequences).
struct TrainingMemory {
  double weights = 0, gradients = 0, optimizer = 0, reserve = 0;  // independent of b_mb
  double activations_per_mb = 0, logits_per_mb = 0;               // per sequence of micro-batch
  double capacity = 0, usable = 0;
  double microbatch = 1;        // b_mb of the scenario = B/(n_dp·m)
  double sequences_per_mb = 1;  // n_dp·m: global batch per unit of micro-batch
  double params_per_rank = 0;   // P_st
  double params_expert = 0;     // P_st,expert (routed experts on the rank); P_st,dense = P_st − this
  double params_layer = 0;      // P_layer,r (largest layer on the rank)
  double stage_layers = 0;      // ℓ = ceil(L/n_pp)
  MemoryBreakdown at(double b_mb) const;
  double max_microbatch() const;  // largest b_mb with required ≤ usable (0: none)
};

TrainingMemory training_memory(const Scenario& s);
// The same for another parallel layout of the scenario (pipeline stages, EP, microbatches, ZeRO,
// recompute): what the search (H.6) and the inverse problem (H.5) evaluate. No allocations.
TrainingMemory training_memory(const Scenario& s, const ParallelLayout& layout);

}  // namespace mlsysim
