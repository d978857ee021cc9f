// Mode "training" end to end: search (H.6) → step (H.2–H.4) → reliability (§I) → inverse (H.5).
#include <algorithm>
#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

namespace {

void apply_layout(Scenario& s, const ParallelLayout& l) {
  s.tp = l.tp;
  s.pp = l.pp;
  s.cp = l.cp;
  s.dp = l.dp;
  s.ep = l.ep;
  s.training.microbatches = l.microbatches;
  s.training.virtual_stages = l.virtual_stages;
  s.training.zero = l.zero;
  s.training.recompute = recompute_name(l.recompute);
}

double rate_of(const Scenario& s, const TrainingStep& st) {
  return s.workload.is_transformer() ? st.tokens_per_s : st.samples_per_s;
}

ReliabilityResult reliability_for(const Scenario& s, double gpus, double time_to_train, bool curve) {
  return solve_reliability(s.reliability, gpus, s.network.gpus_per_node, s.network.nics_per_node, s.workload.params,
                           s.training.optimizer.c_str(), time_to_train, curve);
}

InverseResult inverse(const Scenario& s, const TrainingContext& ctx, const TrainingStep& st, double work) {
  InverseResult r;
  r.asked = true;
  const double D = *s.training.target_days * 86400;
  r.gpus_needed_first_order = std::ceil(3 * ctx.flops_per_token * work / (D * s.plan.peak * st.mfu));
  const double b_mb = st.microbatch_size, Q = s.batch_size / b_mb;
  if (Q != std::floor(Q)) return r;
  std::vector<double> divisors;
  for (double d = 1; d * d <= Q; ++d)
    if (std::fmod(Q, d) == 0) {
      divisors.push_back(d);
      if (d * d != Q) divisors.push_back(Q / d);
    }
  std::sort(divisors.begin(), divisors.end());
  for (double dp : divisors) {
    ParallelLayout l = st.layout;
    l.dp = dp;
    l.microbatches = Q / dp;
    if (layout_violation(s, l)) continue;
    const TrainingStep t = evaluate_training(ctx, l);
    if (!t.fits) continue;
    const double ttt = work / rate_of(s, t);
    const double eff = ttt / reliability_for(s, l.gpus(), ttt, false).goodput;
    if (r.best_effective_s == 0 || eff < r.best_effective_s) {
      r.best_effective_s = eff;
      r.best_dp = dp;
    }
    if (eff <= D) {
      r.gpus_needed = l.gpus();
      r.layout = l;
      r.step_time_s = t.step_time_s;
      r.effective_time_to_train_s = eff;
      return r;
    }
  }
  return r;
}

void explain(const Scenario& s, TrainingSolution& sol) {
  using namespace defaults;
  const TrainingStep& st = sol.step;
  const ParallelLayout& l = st.layout;
  auto& e = sol.explain;
  const std::string dev = "catalog " + s.device.name + ": " + s.device.source;
  e.push_back({"training.microbatch.t_mb_s",
               "ℓ·(t_f + t_b + t_r) + t_edge + t_tp + t_ep + t_cp + t_pp + ℓ·τ_L·(3 + [full recompute])",
               {{"ℓ", st.stage_layers, "layers", "ceil(L/n_pp)"}, {"t_f", st.t_f, "s", "Σ_o max(F_o/Π_o, Y_o/BW_e)"},
                {"t_b", st.t_b, "s", "Σ_o max(k_o·F_o/Π_o, 2·Y_o/BW_e), k = 2 (GEMM), 2.5 (flash attention)"},
                {"t_r", st.t_r, "s", "cluster.recompute"}, {"t_edge", st.t_edge, "s", "final norm + LM head (+ embedding)"},
                {"t_tp", st.t_tp, "s", "n_ar·ℓ·AR_TP(T·h·b_a)·(1 − φ_tp)"}, {"t_ep", st.t_ep, "s", "4·ℓ_moe·A2A_EP"},
                {"t_cp", st.t_cp, "s", "ring attention, overlapped φ_cp"}, {"t_pp", st.t_pp, "s", "2·v·P2P_PP(T·h·b_a/s)"},
                {"τ_L", s.eff.overhead_s, "s", kLayerOverhead.source}},
               "MODELS.md §H.2"});
  e.push_back({"training.bubble_fraction", "((n_pp − 1)/v)/(m + (n_pp − 1)/v)",
               {{"n_pp", l.pp, "stages", ""}, {"v", l.virtual_stages, "", ""}, {"m", l.microbatches, "microbatches", ""}},
               "MODELS.md §H.3"});
  e.push_back({"training.dp_sync_exposed_s",
               l.zero <= 2 ? "T_dp − min(φ_dp·T_dp, ℓ·t_b)" : "(1 − φ_dp)·T_dp, T_dp = m·(2·AG + RS)",
               {{"T_dp", st.t_dp, "s", l.zero == 0 ? "AR_DP(P_st·b_g)" : "RS_DP(P_st·b_g) + AG_DP(P_st·b_wt)"},
                {"φ_dp", s.training.dp_overlap, "", kDpOverlap.source}, {"ℓ·t_b", st.stage_layers * st.t_b, "s", ""},
                {"P_st", st.memory.params_per_rank, "params", "parameters of the heaviest stage on one rank"}},
               "MODELS.md §H.3, §G"});
  e.push_back({"training.step_time_s", "(m + (n_pp − 1)/v)·t_mb + T_dp,x + t_opt + τ_S",
               {{"m", l.microbatches, "", ""}, {"t_mb", st.t_mb, "s", ""}, {"T_dp,x", st.t_dp_exposed, "s", ""},
                {"t_opt", st.t_opt, "s", "(P_st/n_z)·o_t/BW_e"}, {"τ_S", s.eff.step_overhead_s, "s", s.eff.step_overhead_source}},
               "MODELS.md §H.3"});
  e.push_back({"training.mfu", "3·F_fwd(B·S tokens)/(step_time·N·Π(p_c))",
               {{"F_fwd/token", sol.ctx.flops_per_token, "FLOP", "MODELS.md §B.3"}, {"B", s.batch_size, "sequences", ""},
                {"S", s.seq_len, "tokens", ""}, {"step_time", st.step_time_s, "s", ""}, {"N", l.gpus(), "GPUs", ""},
                {"Π(p_c)", s.plan.peak, "FLOP/s", dev}},
               "MODELS.md §H.4"});
  e.push_back({"training.scaling_efficiency", "(tokens/s per GPU)/R_1, R_1 = b_mb·S/t_mb,1 (whole model on one GPU)",
               {{"per GPU", st.per_gpu, "tokens/s", ""}, {"R_1", st.single_gpu_rate, "tokens/s", ""},
                {"t_mb,1", st.t_mb_single, "s", "no communication, no bubble, memory ignored"}},
               "MODELS.md §H.4"});
  e.push_back({"training.network", "β_inter = fabric.bandwidth·min(1, nics/g)/oversubscription·η_n; α_inter = latency + hops",
               {{"β_intra", s.network.intra.beta, "B/s", s.tp_link_source + " × η_n"},
                {"α_intra", s.network.intra.alpha, "s", "scale_up_latency + intra_hops·hop_latency"},
                {"β_inter", s.network.inter.beta, "B/s", s.network_source},
                {"α_inter", s.network.inter.alpha, "s", s.network_source},
                {"η_n", s.eff.network, "", kNetworkEfficiency.source}},
               "MODELS.md §G"});
  const ReliabilityResult& r = sol.reliability;
  e.push_back({"reliability.fleet_mtbf_s",
               "3600/λ_job, λ_job = N/gpu_mtbf + N·(nics/g)/nic_mtbf + nodes·(1/link_switch + 1/host + 1/software)",
               {{"N", l.gpus(), "GPUs", ""}, {"nodes", r.nodes, "", ""},
                {"gpu_mtbf_h", s.reliability.gpu_mtbf_h, "h", kGpuMtbf.source},
                {"nic_mtbf_h", s.reliability.nic_mtbf_h, "h", kNicMtbf.source},
                {"link_switch_mtbf_h", s.reliability.link_switch_mtbf_h, "h", kLinkSwitchMtbf.source},
                {"host_mtbf_h", s.reliability.host_mtbf_h, "h", kHostMtbf.source},
                {"software_mtbf_h", s.reliability.software_mtbf_h, "h", kSoftwareMtbf.source}},
               "MODELS.md §I"});
  e.push_back({"reliability.checkpoint_interval_s",
               "Daly: sqrt(2δM)·[1 + (1/3)·sqrt(δ/(2M)) + (1/9)·δ/(2M)] − δ, δ = size/(nodes·storage_bw)",
               {{"δ", r.checkpoint_write_s, "s", ""}, {"M", r.fleet_mtbf_s, "s", ""},
                {"size", r.checkpoint_bytes, "B", "checkpoint_bytes_per_param·P_total"},
                {"storage_bw", s.reliability.storage_bw_per_node, "B/s per node", kStorageBwPerNode.source}},
               "MODELS.md §I"});
  e.push_back({"reliability.goodput", "τ/(M·e^(R/M)·(e^((τ+δ)/M) − 1)) ≈ 1 − [δ/τ + (τ+δ)/(2M) + R/M]",
               {{"τ", r.checkpoint_interval_s, "s", ""}, {"δ", r.checkpoint_write_s, "s", ""},
                {"R", r.restart_s, "s", kRestart.source}, {"M", r.fleet_mtbf_s, "s", ""},
                {"first-order waste", r.first_order_waste, "", ""}},
               "MODELS.md §I (Daly 2006)"});
}

}  // namespace

TrainingSolution solve_training(Scenario& s) {
  TrainingSolution sol;
  if (s.training.search) {
    SearchResult sr = search_layouts(s, static_cast<int>(s.training.search_top_k));
    if (sr.top.empty())
      throw InputError("cluster", "no parallel configuration of " + format_number(s.gpus()) + " GPUs fits " +
                                      s.workload.display_name + " in memory");
    if (sr.truncated)
      s.warnings.push_back("SEARCH_TRUNCATED: more than " + format_number(defaults::kSearchMaxCandidates.value) +
                           " candidates; the first ones in enumeration order were evaluated");
    apply_layout(s, sr.top.front().layout);
    sol.search = std::move(sr);
  }
  sol.ctx = training_context(s);
  sol.step = evaluate_training(sol.ctx, s.layout());
  const TrainingStep& st = sol.step;
  sol.work = s.workload.is_transformer() ? s.training.tokens : s.training.samples;
  sol.time_to_train_s = sol.work / rate_of(s, st);
  sol.reliability = reliability_for(s, s.gpus(), sol.time_to_train_s, true);
  // Failures faster than restarts (or a run of ~forever): goodput underflows to 0 and the effective
  // time to train has no finite value. No number would be honest: say which figures clash.
  if (!(sol.reliability.goodput > 0) || !std::isfinite(sol.reliability.effective_time_to_train_s))
    throw InputError("reliability", "the run never completes: time to train " + format_number(sol.time_to_train_s) +
                                        " s, fleet MTBF " + format_number(sol.reliability.fleet_mtbf_s) +
                                        " s, restart with checkpoint reload " + format_number(sol.reliability.restart_s) +
                                        " s (goodput underflows to 0); raise the MTBFs or the storage bandwidth, or use "
                                        "fewer GPUs or a smaller model");
  if (s.training.target_days) {
    sol.inverse = inverse(s, sol.ctx, st, sol.work);
    if (!sol.inverse.gpus_needed)
      s.warnings.push_back("DEADLINE_UNREACHABLE: even dp=" + format_number(sol.inverse.best_dp) + " needs " +
                           format_fixed(sol.inverse.best_effective_s / 86400, 1) + " days at batch_size=" +
                           format_number(s.batch_size) + "; raise batch_size or change tp/pp");
  }
  // §M: the roofline warnings of inference, over one step of the heaviest stage (the performance block).
  warn_overhead_dominated(s, (st.layout.microbatches * st.t_overhead + st.t_step_overhead) / st.step_time_s,
                          st.step_time_s);
  if (st.bytes > 0) warn_near_ridge(s, "step", st.flops / st.bytes, sol.ctx.rates.gemm / sol.ctx.rates.bandwidth);
  if (!st.fits)
    s.warnings.push_back("DOES_NOT_FIT: needs " + format_gib(st.memory_at.required()) + " per GPU, " +
                         format_gib(st.memory.usable) + " usable of the " + s.device.name + "'s " +
                         format_gib(st.memory.capacity));
  explain(s, sol);
  return sol;
}

}  // namespace mlsysim
