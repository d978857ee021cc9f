#include "mlsysim/memory.hpp"

#include <algorithm>
#include <cmath>

namespace mlsysim {

namespace {

// Weight bytes: quantized linears at b_w; embeddings, norms and LM head at b_e (§D.1).
double weight_bytes(const Scenario& s) {
  const Workload& w = s.workload;
  if (!w.is_transformer()) return w.weight_bytes_fixed > 0 ? w.weight_bytes_fixed : w.params * s.plan.b_w;
  const TransformerArch& t = w.arch;
  double linear = 0;
  for (const auto& g : t.groups) linear += g.count * (attention_params(t) + mlp_params(t, g.moe, false));
  const double other = w.params - linear;  // embeddings, LM head, norms
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

}  // namespace

MemoryModel memory_model(const Scenario& s) {
  MemoryModel m;
  m.weights = weight_bytes(s);
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

}  // namespace mlsysim
