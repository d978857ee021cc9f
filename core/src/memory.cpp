#include "mlsysim/memory.hpp"

#include <algorithm>
#include <cmath>

namespace mlsysim {

LayerParams rank_layer_params(const TransformerArch& t, bool moe, double n_tp) {
  const double h = t.h, a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp);
  LayerParams p;
  if (t.mla()) {
    const double p_q = t.r_q > 0 ? h * t.r_q + t.r_q + t.r_q * a_r * (t.d_n + t.d_r) : h * a_r * (t.d_n + t.d_r);
    const double p_kv = h * (t.r_kv + t.d_r) + t.r_kv + t.r_kv * a_r * (t.d_n + t.d_v);
    p.linear = p_q + p_kv + a_r * t.d_v * h;
  } else {
    p.linear = h * t.d * (a_r + 2 * k_r) + a_r * t.d * h;
  }
  if (t.biases_attention) p.linear += (a_r + 2 * k_r) * t.d + h;
  if (moe) {
    p.linear += h * t.E + t.E * 3 * h * t.f_e / n_tp + t.E_s * 3 * h * t.f_s / n_tp;
  } else {
    const double f_r = t.f / n_tp;
    p.linear += t.c_m() * h * f_r;
    if (t.biases_mlp) p.linear += (t.c_m() - 1) * f_r + h;
  }
  p.norms = norm_params_per_layer(t);
  return p;
}

double rank_edge_params(const TransformerArch& t, double n_tp) {
  const double V_r = std::ceil(t.V / n_tp);
  const double final_norm = (t.biases_attention || t.biases_mlp) ? 2 * t.h : t.h;
  return V_r * t.h * (t.tied ? 1 : 2) + t.V_pos * t.h + final_norm;
}

namespace {

// Weight bytes on one rank: quantized linears at b_w; embeddings, norms and LM head at b_e (§D.1).
double weight_bytes(const Scenario& s, const Workload& w) {
  if (!w.is_transformer()) return w.weight_bytes_fixed > 0 ? w.weight_bytes_fixed : w.params * s.plan.b_w;
  const TransformerArch& t = w.arch;
  double linear = 0, other = rank_edge_params(t, s.tp);
  for (const auto& g : t.groups) {
    const LayerParams p = rank_layer_params(t, g.moe, s.tp);
    linear += g.count * p.linear;
    other += g.count * p.norms;
  }
  return linear * s.plan.b_w + other * s.plan.b_e;
}

// Activation workspace per token of the pass in flight (§D.1).
double workspace_per_token(const Scenario& s) {
  const TransformerArch& t = s.workload.arch;
  const double n_tp = s.tp, a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp), f_r = t.f / n_tp;
  const double V_r = std::ceil(t.V / n_tp);
  const double qkv = t.mla() ? t.r_q + (t.r_kv + t.d_r) + a_r * (t.d_n + t.d_r) + a_r * (t.d_n + t.d_v)
                             : (a_r + 2 * k_r) * t.d;
  double mlp = 0;
  for (const auto& g : t.groups)
    mlp = std::max(mlp, g.moe ? t.K_e * 3 * t.f_e / n_tp + 3 * t.E_s * t.f_s / n_tp : t.c_m() * f_r);
  const double logits = s.workload.kind == WorkloadKind::kEncoder ? 0 : 4 * V_r;  // fp32 logits
  return s.plan.b_a * (4 * t.h + qkv + mlp) + logits;
}

// Cached prompt tokens C = floor(h_p·S/page)·page (§E).
double cached_tokens(const Scenario& s) {
  return std::floor(s.serving.prefix_hit_ratio * s.seq_len / s.page_tokens) * s.page_tokens;
}

}  // namespace

MemoryModel memory_model(const Scenario& s) {
  MemoryModel m;
  m.weights = weight_bytes(s, s.workload);
  m.reserve = s.reserve_bytes;
  m.capacity = s.device.memory_capacity;
  m.usable = m.capacity * s.usable_fraction;
  const Workload& w = s.workload;
  if (w.is_transformer()) {
    m.workspace_per_token = workspace_per_token(s);
    m.tokens_per_sequence = s.seq_len;
    // Decoders: one pass in flight is the chunked budget or the unchunked static prefill B·S.
    m.workspace_floor_tokens = w.kind == WorkloadKind::kDecoder ? s.max_batched_tokens : 0;
    if (w.kind == WorkloadKind::kDecoder)
      m.kv_per_sequence = kv_bytes_per_sequence(w.arch, s.seq_len + s.output_len, s.plan.b_kv, s.page_tokens, s.tp);
    if (s.mode == "serving") {
      // Continuous batching prefills one prompt at a time: chunked within T_max, else S_new at once.
      m.tokens_per_sequence = 0;
      if (!s.serving.chunked_prefill)
        m.workspace_floor_tokens = std::max(s.max_batched_tokens, s.seq_len - cached_tokens(s));
      if (s.serving.draft) {  // a draft model's weights and KV live on the same GPUs (§E)
        m.weights += weight_bytes(s, *s.serving.draft);
        m.kv_per_sequence += kv_bytes_per_sequence(s.serving.draft->arch, s.seq_len + s.output_len, s.plan.b_kv,
                                                   s.page_tokens, s.tp);
      }
    }
  } else {
    m.workspace_per_sample = w.activation_bytes * (s.plan.b_a / 2);  // upper bound (§D.1)
  }
  return m;
}

MemoryBreakdown MemoryModel::at(double batch) const {
  MemoryBreakdown b;
  b.weights = weights;
  b.reserve = reserve;
  b.kv_cache = batch * kv_per_sequence;
  b.workspace = workspace_per_token * std::max(workspace_floor_tokens, batch * tokens_per_sequence) +
                batch * workspace_per_sample;
  return b;
}

double MemoryModel::max_batch() const {
  // required(B) is non-decreasing in B: bisect for the largest B that fits.
  double lo = 0, hi = static_cast<double>(1LL << 30);
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const double mid = std::floor((lo + hi) / 2);
    (fits(mid) ? lo : hi) = mid;
  }
  return lo;
}

TrainingMemory training_memory(const Scenario& s) { return training_memory(s, s.layout()); }

// §D.2 on the heaviest pipeline stage: ℓ = ceil(L/n_pp) layers (each layer type pro rata), experts
// sharded n_tp·n_ep ways, embedding tables of the stage (both when n_pp = 1), ZeRO over n_dp·n_cp
// (expert parameters over n_dp·n_cp/n_ep), n_if in-flight microbatches on the first stage.
TrainingMemory training_memory(const Scenario& s, const ParallelLayout& l) {
  TrainingMemory m;
  const Workload& w = s.workload;
  const TrainingConfig& c = s.training;
  const bool fp32 = s.plan.b_a == 4;
  const double b_wt = fp32 ? 4 : 2;  // fp8/fp4 training keeps 16-bit weights
  double o_b = 12;                   // adam/adamw: fp32 master + m + v
  if (c.optimizer == "sgd") o_b = 8;
  if (c.optimizer == "adafactor") o_b = 4;
  if (fp32 && (c.optimizer == "adam" || c.optimizer == "adamw")) o_b = 8;
  if (fp32 && c.optimizer == "sgd") o_b = 4;
  const double n_z = l.dp * l.cp;      // ZeRO divisor of dense parameters
  const double n_ze = n_z / l.ep;      // ... and of expert parameters

  double P_st = 0, P_exp = 0, P_layer = 0, ell = 1;
  if (w.is_transformer()) {
    const TransformerArch& t = w.arch;
    ell = std::ceil(t.L / l.pp);
    const double share = ell / t.L;  // layer types pro rata on the stage (exact for uniform models)
    if (l.pp <= 1) {
      P_st = rank_edge_params(t, l.tp);
    } else {  // one table (embedding on the first stage, LM head + final norm on the last)
      const double final_norm = (t.biases_attention || t.biases_mlp) ? 2 * t.h : t.h;
      P_st = std::ceil(t.V / l.tp) * t.h + std::max(t.V_pos * t.h, final_norm);
    }
    for (const auto& g : t.groups) {
      const LayerParams lp = rank_layer_params(t, g.moe, l.tp);
      const double experts = g.moe ? t.E * 3 * t.h * t.f_e / l.tp : 0;  // routed experts on a TP rank
      const double p = lp.total() - experts + experts / l.ep;
      P_st += g.count * share * p;
      P_exp += g.count * share * experts / l.ep;
      P_layer = std::max(P_layer, p);
    }
  } else {
    P_st = w.weight_bytes_fixed > 0 ? w.weight_bytes_fixed / b_wt : w.params;
  }
  const double P_dense = P_st - P_exp;
  m.params_per_rank = P_st;
  m.params_expert = P_exp;
  m.params_layer = P_layer;
  m.stage_layers = ell;
  m.weights = P_st * b_wt;
  m.gradients = P_st * c.grad_bytes;
  m.optimizer = P_st * o_b;
  if (l.zero >= 1) m.optimizer = (P_dense / n_z + P_exp / n_ze) * o_b;
  if (l.zero >= 2) m.gradients = (P_dense / n_z + P_exp / n_ze) * c.grad_bytes;
  if (l.zero >= 3) m.weights = (P_dense / n_z + P_exp / n_ze) * b_wt + 2 * P_layer * b_wt;  // + gathered layers
  m.reserve = s.reserve_bytes;
  m.capacity = s.device.memory_capacity;
  m.usable = m.capacity * s.usable_fraction;
  m.microbatch = s.batch_size / (l.dp * l.microbatches);
  m.sequences_per_mb = l.dp * l.microbatches;

  const double b_a = s.plan.b_a;
  if (w.is_transformer()) {
    const TransformerArch& t = w.arch;
    const double n_tp = l.tp, sp = n_tp > 1 ? n_tp : 1;  // sequence parallelism with TP (§C.3)
    const double a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp), f_r = t.f / n_tp, h = t.h;
    const double T_mb = s.seq_len / l.cp;  // tokens per sequence of micro-batch on one rank
    // In-flight microbatches on the first stage.
    const double mb = l.microbatches, pp = l.pp;
    double n_if = 1;
    if (pp > 1) {
      if (l.gpipe) n_if = mb;
      else if (l.virtual_stages > 1) n_if = std::min(mb, pp) * (1 + (pp - 1) / (pp * l.virtual_stages));
      else n_if = std::min(mb, pp);
    }
    const double share = ell / t.L;
    const Recompute rc = l.recompute;
    double activations = 0, working_set = 0;
    for (const auto& g : t.groups) {
      const double attn = t.mla() ? 2 * a_r * (t.d_n + t.d_r) + 2 * a_r * t.d_v + t.r_q + t.r_kv
                                  : (a_r + 2 * k_r) * t.d + a_r * t.d_v;
      double a_tok = b_a * (4 * h / sp + attn);
      if (g.moe)
        a_tok += t.K_e * s.eff.moe_imbalance * (2 * h + 3 * t.f_e / n_tp) * b_a + 4 * t.E +
                 3 * t.E_s * t.f_s / n_tp * b_a;
      else
        a_tok += b_a * t.c_m() * f_r;
      const double scores = t.flash ? 0 : a_r * s.seq_len * b_a;  // no dropout (spec field absent)
      double stored;
      if (rc == Recompute::kFull) stored = b_a * h / sp;
      else if (rc == Recompute::kSelective) stored = a_tok;
      else stored = a_tok + scores;
      activations += g.count * share * n_if * stored * T_mb;
      working_set = std::max(working_set, a_tok * T_mb);
    }
    if (rc == Recompute::kFull) activations += working_set;  // one layer recomputed at a time
    m.activations_per_mb = activations;
    m.logits_per_mb = t.V > 0 ? T_mb * std::ceil(t.V / n_tp) * (c.logit_bytes + b_a) : 0;
  } else {
    m.activations_per_mb = w.activation_bytes * b_a / 2;
  }
  return m;
}

MemoryBreakdown TrainingMemory::at(double b_mb) const {
  MemoryBreakdown b;
  b.weights = weights;
  b.gradients = gradients;
  b.optimizer = optimizer;
  b.reserve = reserve;
  b.activations = b_mb * activations_per_mb;
  b.logits = b_mb * logits_per_mb;
  return b;
}

double TrainingMemory::max_microbatch() const {
  const double per = activations_per_mb + logits_per_mb;
  const double room = usable - weights - gradients - optimizer - reserve;
  if (room < per) return 0;
  constexpr double kCap = static_cast<double>(1LL << 30);
  if (per <= 0) return kCap;
  // Capped: for a 1e300 B device the quotient is so large that b ± 1 == b and the loops below
  // never ended.
  double b = std::min(std::floor(room / per), kCap);
  while (b > 0 && at(b).required() > usable) b -= 1;  // floating-point edge of the closed form
  while (b < kCap && at(b + 1).required() <= usable) b += 1;
  return b;
}

}  // namespace mlsysim
