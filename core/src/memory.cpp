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
  for (const auto& l : t.layers) linear += attention_params(t) + mlp_params(t, l.moe, false);
  const double other = w.params - linear;  // embeddings, LM head, norms
  return linear * s.plan.b_w + other * s.plan.b_e;
}

double transformer_workspace(const Scenario& s, double batch) {
  const TransformerArch& t = s.workload.arch;
  const double n_tp = s.tp, a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp), f_r = t.f / n_tp;
  const double V_r = std::ceil(t.V / n_tp);
  const bool encoder = s.workload.kind == WorkloadKind::kEncoder;
  // One pass in flight: the chunked budget, or the unchunked static prefill / encoder pass.
  const double tokens = batch * s.seq_len;
  const double T_ws = encoder ? tokens : std::max(s.max_batched_tokens, tokens);
  const double qkv = t.mla() ? t.r_q + (t.r_kv + t.d_r) + a_r * (t.d_n + t.d_r) + a_r * (t.d_n + t.d_v)
                             : (a_r + 2 * k_r) * t.d;
  double mlp = 0;
  bool any_dense = false, any_moe = false;
  for (const auto& l : t.layers) (l.moe ? any_moe : any_dense) = true;
  if (any_dense) mlp = t.c_m() * f_r;
  if (any_moe) mlp = std::max(mlp, t.K_e * 3 * t.f_e / n_tp + 3 * t.E_s * t.f_s / n_tp);
  const double logits = encoder ? 0 : 4 * V_r;
  return T_ws * (s.plan.b_a * (4 * t.h + qkv + mlp) + logits);
}

}  // namespace

MemoryBreakdown inference_memory(const Scenario& s, double batch) {
  MemoryBreakdown m;
  m.weights = weight_bytes(s);
  m.reserve = s.reserve_bytes;
  const Workload& w = s.workload;
  if (w.is_transformer()) {
    m.workspace = transformer_workspace(s, batch);
    if (w.kind == WorkloadKind::kDecoder)
      m.kv_cache = batch * kv_bytes_per_sequence(w.arch, s.seq_len + s.output_len, s.plan.b_kv, s.page_tokens, s.tp);
  } else {
    m.workspace = batch * w.activation_bytes * (s.plan.b_a / 2);  // upper bound (§D.1)
  }
  return m;
}

MemoryResult inference_memory_result(const Scenario& s) {
  MemoryResult r;
  r.capacity = s.device.memory_capacity;
  r.usable = r.capacity * s.usable_fraction;
  r.breakdown = inference_memory(s, s.batch_size);
  r.fits = r.breakdown.required() <= r.usable;
  if (s.workload.kind == WorkloadKind::kDecoder)
    r.kv_bytes_per_sequence =
        kv_bytes_per_sequence(s.workload.arch, s.seq_len + s.output_len, s.plan.b_kv, s.page_tokens, s.tp);
  // required(B) is non-decreasing in B: bisect for the largest B that fits.
  auto fits = [&](double b) { return inference_memory(s, b).required() <= r.usable; };
  double lo = 0, hi = static_cast<double>(1LL << 30);
  if (fits(hi)) {
    r.max_batch = hi;
  } else {
    while (hi - lo > 1) {
      const double mid = std::floor((lo + hi) / 2);
      (fits(mid) ? lo : hi) = mid;
    }
    r.max_batch = lo;
  }
  return r;
}

}  // namespace mlsysim
