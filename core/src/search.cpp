// H.6 exhaustive parallelism search: enumerate, reject by §C.0/H.1 and memory (§D.2), rank.
#include <algorithm>
#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

namespace {

// a before b in the H.6 ranking: tokens/s desc, memory asc, fewer stages, enumeration order.
bool better(const SearchEntry& a, const SearchEntry& b) {
  if (a.tokens_per_s != b.tokens_per_s) return a.tokens_per_s > b.tokens_per_s;
  if (a.required_bytes != b.required_bytes) return a.required_bytes < b.required_bytes;
  if (a.layout.pp != b.layout.pp) return a.layout.pp < b.layout.pp;
  return a.index < b.index;
}

}  // namespace

SearchResult search_layouts(const Scenario& s, int top_k) {
  SearchResult res;
  const TrainingContext ctx = training_context(s);
  const Workload& w = s.workload;
  const TrainingConfig& c = s.training;
  const ParallelLayout base = s.layout();
  const double N = s.gpus(), g = s.gpus_per_node, B = s.batch_size;
  const long long cap = static_cast<long long>(defaults::kSearchMaxCandidates.value);
  res.top.reserve(static_cast<size_t>(top_k) + 1);

  // Candidate degree lists (held fixed when given in `cluster`).
  double tps[64], pps[256], cps[8], zeros[2], vs[4];
  Recompute rcs[2];
  int n_tp = 0, n_pp = 0, n_cp = 0, n_zero = 0, n_v = 0, n_rc = 0;
  const bool tf = w.is_transformer();
  const double L = tf ? w.arch.L : 1;
  if (c.given_tp || !tf) tps[n_tp++] = base.tp;
  else
    for (double d = 1; d <= g && n_tp < 64; ++d)
      if (std::fmod(g, d) == 0) tps[n_tp++] = d;
  if (c.given_pp || !tf) {
    pps[n_pp++] = base.pp;
  } else {
    for (double d = 1; d <= std::min(L, N) && n_pp < 256; ++d) {
      const bool pow2 = std::exp2(std::round(std::log2(d))) == d;
      if (std::fmod(L, d) == 0 || pow2) pps[n_pp++] = d;
    }
  }
  if (c.given_cp || !tf) cps[n_cp++] = base.cp;
  else {
    cps[n_cp++] = 1;
    for (double d : {2.0, 4.0, 8.0, 16.0})
      if (std::fmod(s.seq_len, 2 * d) == 0) cps[n_cp++] = d;
  }
  if (c.given_zero) zeros[n_zero++] = base.zero;
  else {
    zeros[n_zero++] = 1;
    zeros[n_zero++] = 3;
  }
  if (c.given_recompute) rcs[n_rc++] = base.recompute;
  else {
    rcs[n_rc++] = Recompute::kSelective;
    rcs[n_rc++] = Recompute::kFull;
  }
  if (c.given_virtual_stages || !tf) vs[n_v++] = base.virtual_stages;
  else
    for (double v : {1.0, 2.0, 4.0, 8.0}) vs[n_v++] = v;

  long long index = 0;
  auto consider = [&](const ParallelLayout& l) {
    if (res.candidates >= cap) {
      res.truncated = true;
      return;
    }
    ++res.candidates;
    const long long idx = index++;
    if (layout_violation(s, l)) {
      ++res.rejected_divisibility;
      return;
    }
    const TrainingMemory mem = training_memory(s, l);
    const double b_mb = B / (l.dp * l.microbatches);
    const double required = mem.at(b_mb).required();
    if (required > mem.usable) {
      ++res.rejected_memory;
      return;
    }
    ++res.evaluated;
    ++res.feasible;
    const TrainingStep st = evaluate_training(ctx, l);
    SearchEntry e{l, st.step_time_s, tf ? st.tokens_per_s : st.samples_per_s, st.mfu, required, idx};
    if (static_cast<int>(res.top.size()) == top_k && !better(e, res.top.back())) return;
    auto at = std::upper_bound(res.top.begin(), res.top.end(), e, better);
    res.top.insert(at, e);
    if (static_cast<int>(res.top.size()) > top_k) res.top.pop_back();
  };

  for (int i = 0; i < n_tp; ++i)
    for (int j = 0; j < n_pp; ++j)
      for (int k = 0; k < n_cp; ++k) {
        const double tp = tps[i], pp = pps[j], cp = cps[k];
        const double dp = N / (tp * pp * cp);
        if (dp < 1 || dp != std::floor(dp)) continue;  // not a layout of N GPUs
        // ep: divisors of E dividing dp·cp (MoE only).
        double eps[64];
        int n_ep = 0;
        if (c.given_ep || !tf || w.arch.E == 0) eps[n_ep++] = base.ep;
        else
          for (double e = 1; e <= w.arch.E && n_ep < 64; ++e)
            if (std::fmod(w.arch.E, e) == 0 && std::fmod(dp * cp, e) == 0) eps[n_ep++] = e;
        for (int e = 0; e < n_ep; ++e) {
          if (std::fmod(B, dp) != 0) {  // no micro-batch size exists: one rejected candidate
            ParallelLayout l = base;
            l.tp = tp, l.pp = pp, l.cp = cp, l.dp = dp, l.ep = eps[e];
            l.microbatches = 1;
            consider(l);
            continue;
          }
          const double per_replica = B / dp;
          for (double b_mb = 1; b_mb <= per_replica; b_mb *= 2) {
            if (std::fmod(per_replica, b_mb) != 0) continue;
            const double m = per_replica / b_mb;
            if (c.given_microbatches && m != base.microbatches) continue;
            for (int vi = 0; vi < n_v; ++vi) {
              const double v = vs[vi];
              if (v > 1 && pp == 1) continue;
              for (int z = 0; z < n_zero; ++z)
                for (int rc = 0; rc < n_rc; ++rc) {
                  ParallelLayout l = base;
                  l.tp = tp, l.pp = pp, l.cp = cp, l.dp = dp, l.ep = eps[e];
                  l.microbatches = m, l.virtual_stages = v, l.zero = zeros[z], l.recompute = rcs[rc];
                  consider(l);
                  if (res.truncated) return res;
                }
            }
          }
        }
      }
  return res;
}

}  // namespace mlsysim
