#include "mlsysim/roofline.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/collectives.hpp"

namespace mlsysim {

Rates effective_rates(const Scenario& s) {
  Rates r;
  r.gemm = s.plan.peak * s.eff.compute * (s.plan.low_precision_gemm ? s.eff.compute_lowp : 1.0);
  r.attention = s.plan.attention_peak * s.eff.attention;
  r.bandwidth = s.device.memory_bandwidth * s.eff.memory;
  r.gemm_time_factor = s.plan.weight_only ? 1.0 + s.eff.dequant_overhead : 1.0;
  return r;
}

const char* op_name(Op op) {
  static const char* names[] = {"qkv projection", "attention core", "output projection", "mlp", "moe router",
                                "moe experts", "moe shared experts", "norms & elementwise", "embedding",
                                "final norm", "lm head", "network (aggregate)"};
  return names[static_cast<int>(op)];
}

namespace {
OpCost& slot(std::vector<OpCost>& ops, Op op) {
  for (auto& o : ops)
    if (o.op == op) return o;
  ops.push_back(OpCost{op});
  return ops.back();
}
}  // namespace

void OpCost::add_scaled(const OpCost& o, double k) {
  flops += o.flops * k;
  model_flops += o.model_flops * k;
  bytes += o.bytes * k;
  t_compute += o.t_compute * k;
  t_memory += o.t_memory * k;
}

void PassCost::add(const OpCost& op, double count) {
  slot(ops, op.op).add_scaled(op, count);
  flops += op.flops * count;
  model_flops += op.model_flops * count;
  bytes += op.bytes * count;
  t_compute += op.t_compute * count;
  t_memory += op.t_memory * count;
  // Each operator instance is classified on its own (§C.5 bottleneck classes).
  if (op.t_compute >= op.t_memory)
    t_compute_class += op.t_compute * count;
  else
    t_memory_class += op.t_memory * count;
}

void PassCost::accumulate(const PassCost& other, double times) {
  for (const auto& op : other.ops) slot(ops, op.op).add_scaled(op, times);
  flops += other.flops * times;
  model_flops += other.model_flops * times;
  bytes += other.bytes * times;
  t_compute += other.t_compute * times;
  t_memory += other.t_memory * times;
  t_compute_class += other.t_compute_class * times;
  t_memory_class += other.t_memory_class * times;
  t_comm += other.t_comm * times;
  overhead += other.overhead * times;
}

namespace {

OpCost op(Op name, double flops, double bytes, double compute_rate, double bandwidth, double time_factor = 1,
          double model_flops = -1) {
  OpCost o{name};
  o.flops = flops;
  o.model_flops = model_flops < 0 ? flops : model_flops;
  o.bytes = bytes;
  o.t_compute = flops > 0 ? flops / compute_rate * time_factor : 0;
  o.t_memory = bytes / bandwidth;
  return o;
}

// FLOPs and activation/KV bytes of one operator, summed over the parts of a pass.
struct Work {
  double flops = 0, model_flops = 0, bytes = 0;
  void add(double w, double f, double b, double mf = -1) {
    flops += w * f;
    model_flops += w * (mf < 0 ? f : mf);
    bytes += w * b;
  }
};

OpCost finish(Op name, double weight_bytes, const Work& work, double rate, double bw, double factor = 1) {
  return op(name, work.flops, weight_bytes + work.bytes, rate, bw, factor, work.model_flops);
}

// Tokens, logit rows and KV writes of a part (§C.2), before its weight.
struct PartShape {
  double T = 0, T_lg = 0, W_kv = 0;
};
PartShape shape(const PassPart& p) {
  switch (p.kind) {
    case PassKind::kPrefill: return {p.B * (p.S - p.cached), p.B, p.B * (p.S - p.cached)};
    case PassKind::kDecode: return {p.B * p.widen, p.B * p.widen, p.B * p.widen};
    case PassKind::kEncoder: return {p.B * p.S, 0, 0};
  }
  return {};
}

}  // namespace

double PassPart::tokens() const { return shape(*this).T; }

double tp_allreduce_s(const Scenario& s, double tokens) {
  if (s.tp <= 1) return 0;
  const double M = tokens * s.workload.arch.h * s.plan.b_a;
  return 2 * s.workload.arch.L * allreduce_intra_node(M, s.tp, s.tp_link);
}

PassCost transformer_pass(const Scenario& s, const Rates& r, PassKind kind, double B, double S, double context) {
  PassPart part;
  part.kind = kind;
  part.B = B;
  part.S = S;
  part.context = context;
  return transformer_pass(s, r, std::vector<PassPart>{part});
}

PassCost transformer_pass(const Scenario& s, const Rates& r, const std::vector<PassPart>& parts, PassDetail* detail) {
  const TransformerArch& t = s.workload.arch;
  const PrecisionPlan& p = s.plan;
  const double n_tp = s.tp;
  const double a_r = t.a / n_tp, k_r = std::max(1.0, t.k / n_tp), f_r = t.f / n_tp, V_r = std::ceil(t.V / n_tp);
  const double b_w = p.b_w, b_a = p.b_a, b_e = p.b_e, h = t.h, d = t.d, d_v = t.d_v;
  const double kv_r = kv_bytes_per_token_layer(t, p.b_kv, n_tp);

  double T_all = 0;  // tokens of the whole pass (all parts, weighted)
  for (const auto& part : parts) T_all += part.weight * shape(part).T;

  // GEMM weights of the attention projections (MLA: latent paths, §C.3).
  double P_qkv, qkv_out, P_qkv_model;
  if (t.mla()) {
    const double p_q = t.r_q > 0 ? h * t.r_q + t.r_q * a_r * (t.d_n + t.d_r) : h * a_r * (t.d_n + t.d_r);
    const double p_kv = h * (t.r_kv + t.d_r) + t.r_kv * a_r * (t.d_n + t.d_v);
    P_qkv = p_q + p_kv;
    P_qkv_model = P_qkv * n_tp;  // MLA projections shard by heads only: no replication
    qkv_out = t.r_q + (t.r_kv + t.d_r) + a_r * (t.d_n + t.d_r) + a_r * (t.d_n + t.d_v);
  } else {
    P_qkv = h * (a_r + 2 * k_r) * d;
    P_qkv_model = h * (t.a + 2 * t.k) * d;
    qkv_out = (a_r + 2 * k_r) * d;
  }
  const double P_o = a_r * d_v * h;
  const double c_m = t.c_m();
  const double P_mlp = c_m * h * f_r;
  const double rope_terms = t.mla() ? 2 * (a_r + 1) * t.d_r + 2 * (t.r_q + t.r_kv) : 2 * (a_r + k_r) * d;
  const double gemm = r.gemm, bw = r.bandwidth, wf = r.gemm_time_factor;
  // MoE (§B.5, §C.3; expert parallelism arrives with issue 3/6: n_ep = 1, n_etp = n_tp).
  const double n_etp = n_tp, n_ep = 1;
  const double touched = t.E > 0 ? t.E * (1 - std::pow(1 - t.K_e / t.E, T_all)) : 0;
  const double expert_w = t.E > 0 ? 3 * h * t.f_e / n_etp : 0;
  const double shared_w = t.E_s * 3 * h * t.f_s / n_tp;

  PassCost pass;
  pass.ops.reserve(static_cast<size_t>(Op::kCount));
  for (const auto& g : t.groups) {
    const bool moe = g.moe;
    const double window = g.window, count = g.count;
    Work qkv, att, out, mlp, router, experts, shared, elementwise;
    for (const auto& part : parts) {
      const PartShape sh = shape(part);
      const double w = part.weight, T = sh.T;
      double sum_c = 0, R = 0;  // attended keys and KV-read tokens of the part on this layer
      switch (part.kind) {
        case PassKind::kPrefill:
          sum_c = part.B * (attended_keys(part.S, window) - attended_keys(part.cached, window));
          R = part.B * part.S;
          break;
        case PassKind::kDecode: {
          const double c = window > 0 ? std::min(part.context, window) : part.context;
          sum_c = part.B * part.widen * c;  // every verified token attends the context
          R = part.B * c;                   // ... whose K/V are read once
          break;
        }
        case PassKind::kEncoder:
          sum_c = part.B * part.S * (window > 0 ? std::min(part.S, window) : part.S);
          R = part.B * part.S;
          break;
      }
      const bool absorbed = t.mla() && part.kind == PassKind::kDecode;  // MLA decode on the latent
      // Model FLOPs count each KV head once: when tp > k the rank's replicated KV projection is
      // hardware work, not model work (this rank's share of the model is P_qkv_model/n_tp).
      qkv.add(w, 2 * T * P_qkv, T * h * b_a + T * qkv_out * b_a, 2 * T * P_qkv_model / n_tp);
      const double att_model = 2 * a_r * (t.d_qk() + d_v) * sum_c;
      const double att_flops = absorbed ? 2 * a_r * (2 * t.r_kv + t.d_r) * sum_c : att_model;
      const double att_qo = absorbed ? T * a_r * (2 * t.r_kv + t.d_r) * b_a : T * a_r * (t.d_qk() + d_v) * b_a;
      double att_bytes = att_qo + (R + sh.W_kv) * kv_r;
      if (!t.flash) att_bytes += 4 * a_r * sum_c * b_a;
      att.add(w, att_flops, att_bytes, att_model);
      out.add(w, 2 * T * P_o, T * a_r * d_v * b_a + T * h * b_a);
      double mlp_act_elems;  // per-token MLP activation elements for the elementwise row
      if (moe) {
        const double n_tc = T * t.K_e * s.eff.moe_imbalance;
        router.add(w, 2 * T * h * t.E, T * h * b_a);
        experts.add(w, 2 * n_tc * expert_w, n_tc * (2 * h + 3 * t.f_e / n_etp) * b_a, 2 * T * t.K_e * expert_w);
        shared.add(w, 2 * T * shared_w, T * (2 * h + 3 * t.E_s * t.f_s / n_tp) * b_a);
        mlp_act_elems = t.K_e * s.eff.moe_imbalance * 3 * t.f_e / n_etp + 3 * t.E_s * t.f_s / n_tp;
      } else {
        mlp.add(w, 2 * T * P_mlp, T * (2 * h + c_m * f_r) * b_a);
        mlp_act_elems = c_m * f_r;
      }
      elementwise.add(w, 0, T * b_a * (8 * h + rope_terms + mlp_act_elems));
    }
    LayerTypeOps* rows = nullptr;
    if (detail) {
      detail->layer_types.push_back({moe, window, count, {}});
      rows = &detail->layer_types.back();
    }
    auto put = [&](const OpCost& o) {
      pass.add(o, count);
      if (rows) rows->ops.push_back(o);
    };
    put(finish(Op::kQkv, P_qkv * b_w, qkv, gemm, bw, wf));
    put(finish(Op::kAttention, 0, att, r.attention, bw));
    put(finish(Op::kOutput, P_o * b_w, out, gemm, bw, wf));
    if (moe) {
      put(finish(Op::kRouter, h * t.E * b_w, router, gemm, bw, wf));
      put(finish(Op::kExperts, (touched / n_ep) * expert_w * b_w, experts, gemm, bw, wf));
      if (t.E_s > 0) put(finish(Op::kSharedExperts, shared_w * b_w, shared, gemm, bw, wf));
    } else {
      put(finish(Op::kMlp, P_mlp * b_w, mlp, gemm, bw, wf));
    }
    put(finish(Op::kElementwise, 0, elementwise, gemm, bw));
  }
  // Once per pass: input embedding, final norm, LM head (decoders).
  Work emb, fnorm, head;
  for (const auto& part : parts) {
    const PartShape sh = shape(part);
    emb.add(part.weight, 0, sh.T * h * (b_e + b_a));
    fnorm.add(part.weight, 0, 2 * sh.T * h * b_a);
    head.add(part.weight, 2 * sh.T_lg * h * V_r, sh.T_lg * h * b_a + 4 * sh.T_lg * V_r);
  }
  auto once = [&](const OpCost& o) {
    pass.add(o, 1);
    if (detail) detail->once.push_back(o);
  };
  once(finish(Op::kEmbedding, 0, emb, gemm, bw));
  once(finish(Op::kFinalNorm, 0, fnorm, gemm, bw));
  if (head.flops > 0 && t.V > 0) once(finish(Op::kLmHead, h * V_r * b_e, head, gemm, bw));
  pass.t_comm = tp_allreduce_s(s, T_all);
  if (detail && s.tp > 1) {
    detail->allreduce_bytes = T_all * h * b_a;
    detail->allreduce_s = allreduce_intra_node(detail->allreduce_bytes, s.tp, s.tp_link);
  }
  pass.overhead = t.L * s.eff.overhead_s + s.eff.step_overhead_s;
  return pass;
}

PassCost aggregate_pass(const Scenario& s, const Rates& r, double B) {
  const Workload& w = s.workload;
  const double weights = w.weight_bytes_fixed > 0 ? w.weight_bytes_fixed : w.params * s.plan.b_w;
  // Every layer output written once and read once; A_s is at 16-bit, so scale by b_a/2 (§C.3).
  const double bytes = weights + 2 * B * w.activation_bytes * (s.plan.b_a / 2);
  PassCost pass;
  pass.add(op(Op::kAggregate, B * w.flops_per_sample, bytes, r.gemm, r.bandwidth, r.gemm_time_factor), 1);
  pass.overhead = w.layers * s.eff.overhead_s + s.eff.step_overhead_s;
  return pass;
}

}  // namespace mlsysim
