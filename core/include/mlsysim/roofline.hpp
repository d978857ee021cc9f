// Per-operator roofline of MODELS.md §C: each operator's FLOPs and bytes, its time
// max(F/Π, Y/BW_e), and the pass totals that the bottleneck, intensity and MFU come from.
#pragma once
#include <string>
#include <vector>

#include "mlsysim/scenario.hpp"

namespace mlsysim {

// Effective rates of §C.1.
struct Rates {
  double gemm = 0;       // Π_g = Π(p_c)·η_c(·η_lp)
  double attention = 0;  // Π_a = Π_att·η_attn
  double bandwidth = 0;  // BW_e = BW·η_m
  double gemm_time_factor = 1;  // 1 + δ_dq for weight-only GEMMs
};
Rates effective_rates(const Scenario& s);

// Operator classes of the §C.3 table (a pass sums each class over the layers it runs on).
enum class Op { kQkv, kAttention, kOutput, kMlp, kRouter, kExperts, kSharedExperts, kElementwise, kEmbedding,
                kFinalNorm, kLmHead, kAggregate, kCount };
const char* op_name(Op op);

struct OpCost {
  Op op = Op::kAggregate;
  double flops = 0, model_flops = 0, bytes = 0;
  double t_compute = 0, t_memory = 0;  // summed over the layers it runs on
  double time() const { return t_compute > t_memory ? t_compute : t_memory; }
  void add_scaled(const OpCost& o, double k);  // += k·o on every sum
};

struct PassCost {
  std::vector<OpCost> ops;  // by operator class in first-use order, summed over layers
  double flops = 0, model_flops = 0, bytes = 0;
  double t_compute = 0, t_memory = 0;          // Σ t_c,o and Σ t_m,o
  double t_compute_class = 0, t_memory_class = 0;  // Σ t_o over compute-bound / memory-bound ops
  double t_comm = 0;                            // exposed communication (TP all-reduces, §C.4)
  double overhead = 0;                          // L_r·τ_L + τ_S
  double t_ops() const { return t_compute_class + t_memory_class; }
  double time() const { return t_ops() + t_comm + overhead; }
  void add(const OpCost& op, double count);
  void accumulate(const PassCost& other, double times);
};

enum class PassKind { kPrefill, kDecode, kEncoder };

// One share of the work of a pass (§C.2): B prompts of S tokens with a cached prefix of `cached`
// tokens (prefill), B sequences at context `context` each verifying `widen` tokens (decode; widen
// = γ + 1 under speculative decoding), or B encoder sequences of S tokens. `weight` scales its
// FLOPs and activation/KV bytes: a chunked-prefill iteration is {decode ×1, prefill ×φ} (§E).
struct PassPart {
  PassKind kind = PassKind::kPrefill;
  double B = 1, S = 0, context = 0, cached = 0, widen = 1, weight = 1;
  double tokens() const;  // T of the part before `weight`
};

// Per-layer rows of one layer type (the page's per-operator breakdown, §C.3): costs of ONE layer.
struct LayerTypeOps {
  bool moe = false;
  double window = 0, count = 0;
  std::vector<OpCost> ops;
};
struct PassDetail {
  std::vector<LayerTypeOps> layer_types;
  std::vector<OpCost> once;          // input embedding, final norm, LM head (once per pass)
  double allreduce_bytes = 0;        // M of each TP all-reduce
  double allreduce_s = 0;            // one all-reduce; 2 per layer
};

// One forward pass over the parts, weights read once (§C.3, §C.4, §E), TP all-reduces included.
PassCost transformer_pass(const Scenario& s, const Rates& r, const std::vector<PassPart>& parts,
                          PassDetail* detail = nullptr);
// One forward pass of B sequences (§C.2): prefill of S-token prompts, a decode step at context
// `context`, or an encoder pass over S tokens.
PassCost transformer_pass(const Scenario& s, const Rates& r, PassKind kind, double B, double S, double context);

// Exposed TP communication of a forward pass over `tokens` tokens: 2 ring all-reduces of
// tokens·h·b_a per layer inside one node (§C.4, §G).
double tp_allreduce_s(const Scenario& s, double tokens);

// One aggregate CNN/generic pass of B samples (§C.3).
PassCost aggregate_pass(const Scenario& s, const Rates& r, double B);

}  // namespace mlsysim
