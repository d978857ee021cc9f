// Every default the engine uses: value, unit and source in one place (MODELS.md §C.1, §D, §E).
// A scenario overrides each through the path named here.
#pragma once
#include <string>
#include <vector>

namespace mlsysim {

struct DefaultValue {
  const char* path;    // scenario path that overrides it
  double value;
  const char* unit;
  const char* source;  // why this number
};

namespace defaults {
extern const DefaultValue kComputeEfficiency;     // η_c
extern const DefaultValue kLowPrecisionFactor;    // η_lp
extern const DefaultValue kAttentionEfficiency;   // η_attn
extern const DefaultValue kMemoryEfficiency;      // η_m
extern const DefaultValue kLayerOverhead;         // τ_L
extern const DefaultValue kStepOverhead;          // τ_S when the device has no dispatch_tax
extern const DefaultValue kDequantOverhead;       // δ_dq
extern const DefaultValue kMoeImbalance;          // ρ_imb
extern const DefaultValue kUsableFraction;        // memory.usable_fraction
extern const DefaultValue kReserveBytes;          // memory.reserve_bytes
extern const DefaultValue kMaxBatchedTokens;      // serving.max_batched_tokens
extern const DefaultValue kPageTokens;            // serving.page_tokens
extern const DefaultValue kRequestOverhead;       // serving.request_overhead_s
extern const DefaultValue kBatchInference;        // batch_size in inference
extern const DefaultValue kSeqLen;                // seq_len for LLMs
extern const DefaultValue kOutputLen;             // output_len
extern const DefaultValue kBatchServing;          // batch_size in serving
extern const DefaultValue kBatchTraining;         // batch_size in training (global)
extern const DefaultValue kNetworkEfficiency;     // η_n
extern const DefaultValue kScaleUpLatency;        // α of the scale-up link when the device lists none
extern const DefaultValue kHopLatency;            // network.hop_latency_s
extern const DefaultValue kIntraHops;             // network.intra_hops
extern const DefaultValue kGpusPerNode;           // cluster.gpus_per_node
extern const DefaultValue kPrefixHitRatio;        // serving.prefix_hit_ratio
extern const DefaultValue kSpecGamma;             // serving.speculative.gamma
extern const DefaultValue kSpecAcceptance;        // serving.speculative.acceptance_rate
extern const DefaultValue kDraftCostRatio;        // serving.speculative.draft_cost_ratio
extern const DefaultValue kZeroStage;             // cluster.zero
extern const DefaultValue kGradBytes;             // training.grad_bytes (16-bit runs)
extern const DefaultValue kLogitBytes;            // training.logit_bytes
}  // namespace defaults

const std::vector<const DefaultValue*>& all_defaults();

// Enumerated defaults (strings), with their sources.
struct DefaultText {
  const char* path;
  const char* value;
  const char* source;
};
namespace defaults {
extern const DefaultText kOptimizer;    // training.optimizer
extern const DefaultText kRecompute;    // cluster.recompute
extern const DefaultText kQuantBaseline;  // quant.baseline
}  // namespace defaults

}  // namespace mlsysim

// Issue 3/6 — the fleet model: fabric, training schedule (§G, §H) and reliability (§I) defaults.
namespace mlsysim {
namespace defaults {
extern const DefaultText kFabric;                 // cluster.fabric
extern const DefaultValue kExtraInterHops;        // network.extra_inter_hops
extern const DefaultValue kDpOverlap;             // efficiency.dp_overlap (φ_dp)
extern const DefaultValue kTpOverlap;             // efficiency.tp_overlap (φ_tp)
extern const DefaultValue kCpOverlap;             // efficiency.cp_overlap (φ_cp)
extern const DefaultValue kTokensPerParam;        // training.tokens = 20·P_active
extern const DefaultValue kTrainingSamples;       // training.samples (CNN/generic)
extern const DefaultValue kSearchTopK;            // training.search_top_k
extern const DefaultValue kSearchMaxCandidates;   // H.6 truncation
extern const DefaultValue kGpuMtbf;               // reliability.gpu_mtbf_h
extern const DefaultValue kNicMtbf;               // reliability.nic_mtbf_h
extern const DefaultValue kLinkSwitchMtbf;        // reliability.link_switch_mtbf_h
extern const DefaultValue kHostMtbf;              // reliability.host_mtbf_h
extern const DefaultValue kSoftwareMtbf;          // reliability.software_mtbf_h
extern const DefaultValue kStorageBwPerNode;      // reliability.storage_bw_per_node_Bps
extern const DefaultValue kRestart;               // reliability.restart_s
}  // namespace defaults
const std::vector<const DefaultValue*>& fleet_defaults();
}  // namespace mlsysim
