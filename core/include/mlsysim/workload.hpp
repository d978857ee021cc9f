// Workload math of MODELS.md §B: a model description becomes an architecture with exact parameter
// counts, FLOPs per token and KV-cache bytes per token (dense, GQA/MQA, MLA, sliding window, MoE),
// or an aggregate CNN/generic workload.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"

namespace mlsysim {

enum class WorkloadKind { kDecoder, kEncoder, kCnn, kGeneric };
const char* kind_name(WorkloadKind k);

// One transformer layer's shape, as far as cost differs between layers.
struct LayerSpec {
  bool moe = false;
  double window = 0;  // attention window W_l in tokens; 0 = global
};

// Layers that cost the same, counted once: (MoE?, window) → how many.
struct LayerGroup {
  bool moe = false;
  double window = 0;
  double count = 0;
};

struct TransformerArch {
  std::string model_type;
  double h = 0, L = 0, a = 0, k = 0, d = 0, d_v = 0, f = 0, V = 0;
  bool tied = false, gated = true, biases_attention = false, biases_mlp = false;
  double V_pos = 0;        // learned position table rows (gpt2/bert/opt), else 0
  double max_positions = 0;
  // MoE (E = 0: dense)
  double E = 0, K_e = 0, E_s = 0, f_e = 0, f_s = 0;
  // MLA (r_kv = 0: off)
  double r_q = 0, r_kv = 0, d_n = 0, d_r = 0;
  bool flash = true;
  std::vector<LayerSpec> layers;  // size L
  std::vector<LayerGroup> groups; // the layers grouped by shape (what every cost loop walks)

  bool mla() const { return r_kv > 0; }
  double c_m() const { return gated ? 3 : 2; }
  double d_qk() const { return mla() ? d_n + d_r : d; }
};

struct Workload {
  std::string name, display_name, source;
  WorkloadKind kind = WorkloadKind::kGeneric;
  TransformerArch arch;        // transformers only
  double params = 0;           // P_total
  double active_params = 0;    // P_active
  double layers = 1;           // layer count used for per-layer overhead
  double flops_per_sample = 0; // CNN/generic F_s (per sample)
  double activation_bytes = 0; // CNN/generic A_s: bytes per sample at 16-bit
  double weight_bytes_fixed = 0;  // generic model_size (precision-independent bytes), else 0
  double default_seq_len = 0;  // catalog sequence_length (encoders), else 0
  bool is_transformer() const { return kind == WorkloadKind::kDecoder || kind == WorkloadKind::kEncoder; }
};

// Builds a workload from a catalog entry or an inline object (HF config.json or generic).
// Errors are InputError at `path`; advisory notes go to `warnings` as "CODE: message".
Workload make_workload(const ModelEntry& entry, const std::string& path, std::vector<std::string>& warnings);
Workload make_inline_workload(const nlohmann::json& obj, const std::string& path,
                              std::vector<std::string>& warnings);

// §B.2 parameter counts.
double attention_params(const TransformerArch& t);            // P_att per layer (incl. biases)
double mlp_params(const TransformerArch& t, bool moe, bool active);  // dense MLP or MoE block
double norm_params_per_layer(const TransformerArch& t);
double embedding_params(const TransformerArch& t);            // P_emb incl. LM head when untied
double total_params(const TransformerArch& t, bool active);

// §B.4: KV bytes per token of one layer for the whole model (κ_l), and per TP rank.
double kv_bytes_per_token_layer(const TransformerArch& t, double b_kv, double n_tp = 1);
// Σ_l κ_l (the full-attention figure reported as kv_cache_bytes_per_token).
double kv_bytes_per_token(const TransformerArch& t, double b_kv);
// KV bytes of one sequence of n tokens (ring buffer on windowed layers, page rounding on global).
double kv_bytes_per_sequence(const TransformerArch& t, double n, double b_kv, double page_tokens,
                             double n_tp = 1);

// A(S, W) = Σ_{i=1..S} min(i, W): causal attended-key count (W = 0: global).
double attended_keys(double S, double W);

// §B.3 forward model FLOPs of one token averaged over a causal sequence of S (encoders: full).
double flops_per_token(const TransformerArch& t, double S, bool causal);

}  // namespace mlsysim
