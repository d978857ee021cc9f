#include "mlsysim/training.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

namespace {

// Forward, backward and recompute of a set of operators: times, FLOPs, bytes and the roofline
// classes (each operator instance classified on its own, §C.5).
struct Acc {
  double t_f = 0, t_b = 0, t_r = 0;
  double flops = 0, bytes = 0, t_c = 0, t_m = 0, t_cc = 0, t_mc = 0;
  double att_f = 0, att_b = 0;
  void pass(double F, double Y, double rate, double bw, double& t_out) {
    const double tc = F / rate, tm = Y / bw;
    t_out += std::max(tc, tm);
    flops += F;
    bytes += Y;
    t_c += tc;
    t_m += tm;
    (tc >= tm ? t_cc : t_mc) += std::max(tc, tm);
  }
  // One operator: forward (F, Y), backward (k_b·F, 2·Y), recompute of the forward if `recompute`.
  void op(double F, double Y, double rate, double bw, double k_b, bool recompute, bool attention = false) {
    const double before_f = t_f, before_b = t_b;
    pass(F, Y, rate, bw, t_f);
    pass(k_b * F, 2 * Y, rate, bw, t_b);
    if (recompute) pass(F, Y, rate, bw, t_r);
    if (attention) {
      att_f += t_f - before_f;
      att_b += t_b - before_b;
    }
  }
  void scale_add(const Acc& o, double k) {
    t_f += k * o.t_f;
    t_b += k * o.t_b;
    t_r += k * o.t_r;
    flops += k * o.flops;
    bytes += k * o.bytes;
    t_c += k * o.t_c;
    t_m += k * o.t_m;
    t_cc += k * o.t_cc;
    t_mc += k * o.t_mc;
    att_f += k * o.att_f;
    att_b += k * o.att_b;
  }
};

// One transformer layer of group g on one rank: §C.3 with the training pass of §C.2
// (T = b_mb·S/n_cp, Σc = b_mb·A(S,W)/n_cp, R = b_mb·S, W_kv = 0, s = n_tp under SP).
Acc layer_cost(const Scenario& s, const Rates& r, const LayerGroup& g, const ParallelLayout& l, double b_mb) {
  const TransformerArch& t = s.workload.arch;
  const PrecisionPlan& p = s.plan;
  const double n_tp = l.tp, sp = n_tp > 1 ? n_tp : 1;
  const double a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp), f_r = t.f / n_tp;
  const double h = t.h, d = t.d, d_v = t.d_v, b_w = p.b_w, b_a = p.b_a;
  const double S = s.seq_len, T = b_mb * S / l.cp;
  const bool encoder = s.workload.kind == WorkloadKind::kEncoder;
  const double keys = encoder ? S * (g.window > 0 ? std::min(S, g.window) : S) : attended_keys(S, g.window);
  const double sum_c = b_mb * keys / l.cp, R = b_mb * S;
  const double kv_r = kv_bytes_per_token_layer(t, b_a, n_tp);
  const double gemm = r.gemm, att = r.attention, bw = r.bandwidth;
  const bool full = l.recompute == Recompute::kFull;
  const bool sel_att = l.recompute == Recompute::kSelective && !t.flash;
  const double k_att = t.flash ? 2.5 : 2.0;

  double P_qkv, qkv_out;
  if (t.mla()) {
    const double p_q = t.r_q > 0 ? h * t.r_q + t.r_q * a_r * (t.d_n + t.d_r) : h * a_r * (t.d_n + t.d_r);
    const double p_kv = h * (t.r_kv + t.d_r) + t.r_kv * a_r * (t.d_n + t.d_v);
    P_qkv = p_q + p_kv;
    qkv_out = t.r_q + (t.r_kv + t.d_r) + a_r * (t.d_n + t.d_r) + a_r * (t.d_n + t.d_v);
  } else {
    P_qkv = h * (a_r + 2 * k_r) * d;
    qkv_out = (a_r + 2 * k_r) * d;
  }
  const double P_o = a_r * d_v * h;
  const double rope = t.mla() ? 2 * (a_r + 1) * t.d_r + 2 * (t.r_q + t.r_kv) : 2 * (a_r + k_r) * d;
  Acc a;
  a.op(2 * T * P_qkv, P_qkv * b_w + T * h * b_a + T * qkv_out * b_a, gemm, bw, 2, full);
  double att_bytes = T * a_r * (t.d_qk() + d_v) * b_a + R * kv_r;
  if (!t.flash) att_bytes += 4 * a_r * sum_c * b_a;
  a.op(2 * a_r * (t.d_qk() + d_v) * sum_c, att_bytes, att, bw, k_att, full || sel_att, true);
  a.op(2 * T * P_o, P_o * b_w + T * a_r * d_v * b_a + T * h * b_a, gemm, bw, 2, full);
  double mlp_act;
  if (g.moe) {
    const double n_etp = n_tp, n_tc = T * t.K_e * s.eff.moe_imbalance;
    const double expert_w = 3 * h * t.f_e / n_etp, shared_w = t.E_s * 3 * h * t.f_s / n_tp;
    a.op(2 * T * h * t.E, h * t.E * b_w + T * h * b_a, gemm, bw, 2, full);
    a.op(2 * n_tc * expert_w, (t.E / l.ep) * expert_w * b_w + n_tc * (2 * h + 3 * t.f_e / n_etp) * b_a, gemm, bw, 2,
         full);
    if (t.E_s > 0) a.op(2 * T * shared_w, shared_w * b_w + T * (2 * h + 3 * t.E_s * t.f_s / n_tp) * b_a, gemm, bw, 2, full);
    mlp_act = t.K_e * s.eff.moe_imbalance * 3 * t.f_e / n_etp + 3 * t.E_s * t.f_s / n_tp;
  } else {
    const double P_mlp = t.c_m() * h * f_r;
    a.op(2 * T * P_mlp, P_mlp * b_w + T * (2 * h + t.c_m() * f_r) * b_a, gemm, bw, 2, full);
    mlp_act = t.c_m() * f_r;
  }
  a.op(0, T * b_a * (8 * h / sp + rope + mlp_act), gemm, bw, 2, full);
  return a;
}

// Final norm + LM head (+ input embedding when the stage holds it), forward + backward.
Acc edge_cost(const Scenario& s, const Rates& r, const ParallelLayout& l, double b_mb, bool embedding) {
  const TransformerArch& t = s.workload.arch;
  const double h = t.h, b_a = s.plan.b_a, b_e = s.plan.b_e, T = b_mb * s.seq_len / l.cp;
  const double V_r = std::ceil(t.V / l.tp);
  const bool full = l.recompute == Recompute::kFull;
  Acc a;
  if (embedding) a.op(0, T * h * (b_e + b_a), r.gemm, r.bandwidth, 2, false);
  a.op(0, 2 * T * h * b_a, r.gemm, r.bandwidth, 2, full);
  if (t.V > 0) a.op(2 * T * h * V_r, h * V_r * b_e + T * h * b_a + 4 * T * V_r, r.gemm, r.bandwidth, 2, false);
  return a;
}

double optimizer_bytes_per_param(const Scenario& s, double b_wt) {
  const std::string& o = s.training.optimizer;
  const double base = (o == "adam" || o == "adamw") ? 24 : 16;  // adafactor: as SGD (factored state is small)
  return base + s.training.grad_bytes + b_wt;
}

}  // namespace

TrainingContext training_context(const Scenario& s) {
  TrainingContext c;
  c.s = &s;
  c.rates = effective_rates(s);
  const Workload& w = s.workload;
  if (w.is_transformer()) {
    const bool causal = w.kind == WorkloadKind::kDecoder;
    const TransformerArch& t = w.arch;
    c.flops_per_token = flops_per_token(t, s.seq_len, causal);
    const double S = s.seq_len;
    for (const auto& g : t.groups) {
      const double keys = causal ? attended_keys(S, g.window) / S : (g.window > 0 ? std::min(S, g.window) : S);
      c.att_flops_per_token += g.count * 2 * t.a * (t.d_qk() + t.d_v) * keys;
    }
  } else {
    c.flops_per_token = w.flops_per_sample;
  }
  return c;
}

const char* layout_violation(const Scenario& s, const ParallelLayout& l) {
  const Workload& w = s.workload;
  const double g = s.gpus_per_node, N = l.gpus(), B = s.batch_size;
  if (!w.is_transformer()) {
    if (l.tp > 1 || l.pp > 1 || l.cp > 1 || l.ep > 1) return "transformer-only parallelism";
  } else {
    const TransformerArch& t = w.arch;
    if (std::fmod(t.a, l.tp) != 0) return "tp must divide num_attention_heads";
    if (!t.mla() && std::fmod(t.k, l.tp) != 0 && std::fmod(l.tp, t.k) != 0) return "tp and num_key_value_heads";
    bool dense = false;
    for (const auto& grp : t.groups) dense = dense || !grp.moe;
    if (dense && std::fmod(t.f, l.tp) != 0) return "tp must divide intermediate_size";
    if (t.E > 0 && t.E_s > 0 && std::fmod(t.f_s, l.tp) != 0) return "tp must divide the shared-expert size";
    if (t.E > 0 && std::fmod(t.f_e, l.tp) != 0) return "tp must divide the expert size";
    if (l.tp <= g && std::fmod(g, l.tp) != 0) return "tp must divide gpus_per_node";
    if (l.tp > g && std::fmod(l.tp, g) != 0) return "tp across nodes must fill whole nodes";
    if (l.pp > t.L) return "pp exceeds layers";
    if (l.ep > 1 && (t.E == 0 || std::fmod(t.E, l.ep) != 0)) return "ep must divide num_experts";
    if (std::fmod(l.dp * l.cp, l.ep) != 0) return "ep must divide dp*cp";
    if (l.pp * l.virtual_stages > t.L + 2) return "pp*virtual_stages exceeds layers + 2";
    if (l.virtual_stages > 1 && std::fmod(l.microbatches, l.pp) != 0) return "interleaved microbatches";
    if (l.cp > 1 && std::fmod(s.seq_len, 2 * l.cp) != 0) return "cp must divide seq_len/2";
  }
  if (std::fmod(B, l.dp) != 0) return "dp must divide batch_size";
  if (std::fmod(B, l.dp * l.microbatches) != 0) return "dp*microbatches must divide batch_size";
  if (N > g && std::fmod(N, g) != 0) return "gpus must fill whole nodes";
  return nullptr;
}

TrainingStep evaluate_training(const TrainingContext& ctx, const ParallelLayout& l) {
  const Scenario& s = *ctx.s;
  const Rates& r = ctx.rates;
  const Workload& w = s.workload;
  const Network& net = s.network;
  const double g = net.gpus_per_node, N = l.gpus(), B = s.batch_size, m = l.microbatches;
  const double b_mb = B / (l.dp * m);
  const bool full = l.recompute == Recompute::kFull;
  TrainingStep st;
  st.layout = l;
  st.microbatch_size = b_mb;
  st.memory = training_memory(s, l);
  st.memory_at = st.memory.at(b_mb);
  st.fits = st.memory_at.required() <= st.memory.usable;
  const double b_wt = s.plan.b_a == 4 ? 4 : 2, b_g = s.training.grad_bytes, b_a = s.plan.b_a;
  const double P_st = st.memory.params_per_rank, P_exp = st.memory.params_expert, P_dense = P_st - P_exp;

  Acc stage, edges;
  double tau_layers = w.layers;
  if (w.is_transformer()) {
    const TransformerArch& t = w.arch;
    const double ell = std::ceil(t.L / l.pp), share = ell / t.L;
    st.stage_layers = ell;
    st.tokens_per_microbatch = b_mb * s.seq_len / l.cp;
    for (const auto& grp : t.groups) {
      stage.scale_add(layer_cost(s, r, grp, l, b_mb), grp.count * share);
      if (grp.moe) st.moe_layers += grp.count * share;
    }
    edges = edge_cost(s, r, l, b_mb, l.pp <= 1);
    tau_layers = ell;
    const double T = st.tokens_per_microbatch, h = t.h, sp = l.tp > 1 ? l.tp : 1;
    // TP: n_ar all-reduces (RS + AG under SP, same cost) of T·h·b_a per layer.
    int gi = 0;
    if (l.tp > 1) {
      GroupCost& c = st.groups[gi++];
      c.name = "tp";
      c.op = "all_reduce";
      c.placement = tp_group(l, g);
      c.bytes = T * h * b_a;
      c.cost = group_allreduce(c.bytes, c.placement, net);
      const double n_ar = full ? 6 : 4;
      c.count_per_step = n_ar * ell * m;
      st.t_tp = n_ar * ell * c.cost.time * (1 - s.training.tp_overlap);
    }
    if (l.ep > 1 && st.moe_layers > 0) {
      GroupCost& c = st.groups[gi++];
      c.name = "ep";
      c.op = "all_to_all";
      c.placement = ep_group(l, g);
      c.bytes = (T / sp) * t.K_e * s.eff.moe_imbalance * h * b_a;
      c.cost = group_all_to_all(c.bytes, c.placement, net);
      c.count_per_step = 4 * st.moe_layers * m;
      st.t_ep = 4 * st.moe_layers * c.cost.time;
    }
    st.t_att_f = stage.att_f / ell;
    st.t_att_b = stage.att_b / ell;
    if (l.cp > 1) {
      GroupCost& c = st.groups[gi++];
      c.name = "cp";
      c.op = "p2p";
      c.placement = cp_group(l, g);
      c.bytes = b_mb * (s.seq_len / l.cp) * kv_bytes_per_token_layer(t, b_a, l.tp);
      c.cost = group_ring_p2p(c.bytes, c.placement, net);
      c.count_per_step = 3 * ell * (l.cp - 1) * m;
      st.t_cp = std::max(0.0, 3 * ell * (l.cp - 1) * c.cost.time - s.training.cp_overlap * (stage.att_f + stage.att_b));
    }
    if (l.pp > 1) {
      GroupCost& c = st.groups[gi++];
      c.name = "pp";
      c.op = "p2p";
      c.placement = place(2, pp_stride(l), g);
      c.bytes = T * h * b_a / sp;
      c.cost = group_p2p(c.bytes, pp_stride(l), net);
      c.count_per_step = 2 * l.virtual_stages * m;
      st.t_pp = 2 * l.virtual_stages * c.cost.time;
    }
    st.group_count = gi;
  } else {
    // CNN/generic: the aggregate op at b_mb samples (§H.2 non-decoder training).
    const double weights = w.weight_bytes_fixed > 0 ? w.weight_bytes_fixed : w.params * s.plan.b_w;
    stage.op(b_mb * w.flops_per_sample, weights + 2 * b_mb * w.activation_bytes * (b_a / 2), r.gemm, r.bandwidth, 2, full);
    st.stage_layers = 1;
    st.tokens_per_microbatch = b_mb;
  }
  st.t_stage = stage.t_f + stage.t_b + stage.t_r;
  const double ell = w.is_transformer() ? st.stage_layers : 1;
  st.t_f = stage.t_f / ell;
  st.t_b = stage.t_b / ell;
  st.t_r = stage.t_r / ell;
  st.t_edge = edges.t_f + edges.t_b + edges.t_r;
  st.t_overhead = tau_layers * s.eff.overhead_s * (3 + (full ? 1 : 0));
  st.t_mb = st.t_stage + st.t_edge + st.t_tp + st.t_ep + st.t_cp + st.t_pp + st.t_overhead;

  // H.3 pipeline and bubble.
  const double pp = l.pp, v = l.virtual_stages;
  st.pipeline_s = (m + (pp - 1) / v) * st.t_mb;
  st.bubble_fraction = ((pp - 1) / v) / (m + (pp - 1) / v);
  st.bubble_overhead = (pp - 1) / (v * m);
  st.bubble_s = ((pp - 1) / v) * st.t_mb;

  // DP / ZeRO sync on the DP⊕CP group (dense) and the expert-DP group.
  const Placement dpg = dp_group(l, g), dpeg = dpe_group(l, g);
  GroupCost* dpc = nullptr;
  if (dpg.n > 1) {
    dpc = &st.groups[st.group_count++];
    dpc->name = "dp";
    dpc->placement = dpg;
    dpc->bytes = P_dense * b_g;
  }
  auto sync = [&](double P, const Placement& grp) {
    if (P <= 0 || grp.n <= 1) return 0.0;
    if (l.zero == 0) return group_allreduce(P * b_g, grp, net).time;
    if (l.zero <= 2) return group_allgather(P * b_g, grp, net).time + group_allgather(P * b_wt, grp, net).time;
    return m * (2 * group_allgather(P * b_wt, grp, net).time + group_allgather(P * b_g, grp, net).time);
  };
  st.t_dp = sync(P_dense, dpg) + sync(P_exp, dpeg);
  if (dpc) {
    dpc->op = l.zero == 0 ? "all_reduce" : "reduce_scatter+all_gather";
    dpc->cost = l.zero == 0 ? group_allreduce(dpc->bytes, dpg, net) : group_allgather(dpc->bytes, dpg, net);
    dpc->count_per_step = l.zero == 0 ? 1 : l.zero <= 2 ? 2 : 3 * m;
  }
  const double phi = s.training.dp_overlap;
  st.t_dp_exposed = l.zero <= 2 ? st.t_dp - std::min(phi * st.t_dp, stage.t_b) : (1 - phi) * st.t_dp;
  const double n_z = l.zero >= 1 ? l.dp * l.cp : 1, n_ze = l.zero >= 1 ? l.dp * l.cp / l.ep : 1;
  st.t_opt = (P_dense / n_z + P_exp / n_ze) * optimizer_bytes_per_param(s, b_wt) / r.bandwidth;
  st.t_step_overhead = s.eff.step_overhead_s;
  st.step_time_s = st.pipeline_s + st.t_dp_exposed + st.t_opt + st.t_step_overhead;

  // H.4 derived outputs.
  const double T_step = st.step_time_s, peak = s.plan.peak;
  const double peak16 = s.device.precision_flops.count("bf16") ? s.device.precision_flops.at("bf16")
                        : s.device.precision_flops.count("fp16") ? s.device.precision_flops.at("fp16")
                                                                 : peak;
  if (w.is_transformer()) {
    const double tokens = B * s.seq_len;
    st.tokens_per_s = tokens / T_step;
    st.per_gpu = st.tokens_per_s / N;
    st.model_flops_step = 3 * ctx.flops_per_token * tokens;
    const double F_att = ctx.att_flops_per_token, F_mm = ctx.flops_per_token - F_att;
    const double k_att = w.arch.flash ? 2.5 : 2.0;
    double recompute = 0;
    if (full) recompute = ctx.flops_per_token;
    else if (l.recompute == Recompute::kSelective && !w.arch.flash) recompute = F_att;
    st.hfu = (3 * F_mm + (1 + k_att) * F_att + recompute) * tokens / (T_step * N * peak);
  } else {
    st.samples_per_s = B / T_step;
    st.per_gpu = st.samples_per_s / N;
    st.model_flops_step = 3 * B * w.flops_per_sample;
    st.hfu = (full ? 4 : 3) * B * w.flops_per_sample / (T_step * N * peak);
  }
  st.mfu = st.model_flops_step / (T_step * N * peak);
  st.mfu_16 = st.model_flops_step / (T_step * N * peak16);
  st.t_comm_exposed = m * (st.t_tp + st.t_ep + st.t_cp + st.t_pp) + st.t_dp_exposed;
  st.comm_fraction = st.t_comm_exposed / T_step;
  st.busy_fraction = (m * (st.t_stage + st.t_edge) + st.t_opt) / T_step;
  // Single-GPU ideal baseline: the whole model, one microbatch of the same b_mb and S, no communication.
  {
    ParallelLayout one = l;
    one.tp = one.pp = one.cp = one.ep = one.dp = 1;
    Acc whole;
    double layers = w.layers;
    if (w.is_transformer()) {
      for (const auto& grp : w.arch.groups) whole.scale_add(layer_cost(s, r, grp, one, b_mb), grp.count);
      whole.scale_add(edge_cost(s, r, one, b_mb, true), 1);
      layers = w.arch.L;
    } else {
      whole = stage;
    }
    st.t_mb_single = whole.t_f + whole.t_b + whole.t_r + layers * s.eff.overhead_s * (3 + (full ? 1 : 0));
    st.single_gpu_rate = (w.is_transformer() ? b_mb * s.seq_len : b_mb) / st.t_mb_single;
    st.scaling_efficiency = st.per_gpu / st.single_gpu_rate;
  }
  // Roofline over one step of the heaviest stage: m microbatches of (stage + edges) + optimizer.
  const double opt_bytes = (P_dense / n_z + P_exp / n_ze) * optimizer_bytes_per_param(s, b_wt);
  st.flops = m * (stage.flops + edges.flops);
  st.bytes = m * (stage.bytes + edges.bytes) + opt_bytes;
  st.t_compute = m * (stage.t_c + edges.t_c);
  st.t_memory = m * (stage.t_m + edges.t_m) + st.t_opt;
  st.t_compute_class = m * (stage.t_cc + edges.t_cc);
  st.t_memory_class = m * (stage.t_mc + edges.t_mc) + st.t_opt;
  return st;
}

}  // namespace mlsysim
