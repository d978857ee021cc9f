// Serving (MODELS.md §E) and tensor parallelism (§C.4, §G) against the hand calculation of
// Appendix W2: Llama-3.1-70B on 8 × H100, TP = 8, bf16, S = 2048, n_out = 256, B = 32.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "test_support.hpp"

using nlohmann::json;

namespace {

const json kW2 = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "serving"},
                  {"seq_len", 2048}, {"output_len", 256}, {"batch_size", 32}, {"cluster", {{"tp", 8}}}};

json w2_with(const json& patch) {
  json s = kW2;
  s.merge_patch(patch);
  return s;
}

// The W2 hand calculation, re-derived from the §C.3/§C.4/§E formulas.
struct W2 {
  // Architecture (§B.6) and shards (§C.3).
  double h = 8192, L = 80, a = 64, k = 8, d = 128, f = 28672, V = 128256, n = 8;
  double a_r = a / n, k_r = 1, f_r = f / n, V_r = std::ceil(V / n);
  double b = 2;  // bf16 weights, activations, KV
  // Rates per GPU (§C.1, §G).
  double pi_g = 989e12 * 0.6, pi_a = 989e12 * 0.5, bw = 3.35e12 * 0.8;
  double alpha = 0.5e-6 + 0.6e-6, beta = 450e9 * 0.8;
  double kv_r = 2 * k_r * d * b;  // 512 B per token per layer per GPU
  double P_qkv = h * (a_r + 2 * k_r) * d, P_o = a_r * d * h, P_mlp = 3 * h * f_r;
  double overhead = L * 10e-6 + 10e-6;

  struct Op {
    double F, Y_w, Y_a, rate;
  };
  // Per-layer operators for T tokens with sum_c attended keys and R + W KV tokens (weights once).
  std::vector<Op> layer(double T, double sum_c, double kv_tokens) const {
    return {{2 * T * P_qkv, P_qkv * b, T * h * b + T * (a_r + 2 * k_r) * d * b, pi_g},
            {2 * a_r * (d + d) * sum_c, 0, T * a_r * 2 * d * b + kv_tokens * kv_r, pi_a},
            {2 * T * P_o, P_o * b, T * a_r * d * b + T * h * b, pi_g},
            {2 * T * P_mlp, P_mlp * b, T * (2 * h + 3 * f_r) * b, pi_g},
            {0, 0, T * b * (8 * h + 2 * (a_r + k_r) * d + 3 * f_r), pi_g}};
  }
  static std::vector<Op> blend(const std::vector<Op>& x, const std::vector<Op>& y, double phi) {
    std::vector<Op> out = x;
    for (size_t i = 0; i < x.size(); ++i) {
      out[i].F += phi * y[i].F;
      out[i].Y_a += phi * y[i].Y_a;
    }
    return out;
  }
  double time(const std::vector<Op>& ops) const {
    double t = 0;
    for (const auto& o : ops) t += std::max(o.F / o.rate, (o.Y_w + o.Y_a) / bw);
    return t;
  }
  // Embedding, final norm and LM head for T tokens and T_lg logit rows.
  double edges(double T, double T_lg) const {
    const double head = std::max(2 * T_lg * h * V_r / pi_g, (h * V_r * b + T_lg * h * b + 4 * T_lg * V_r) / bw);
    return T * h * (b + b) / bw + 2 * T * h * b / bw + head;
  }
  double allreduce(double T) const { return 2 * (n - 1) * alpha + 2 * (n - 1) / n * T * h * b / beta; }
  double pass(const std::vector<Op>& ops, double T, double T_lg) const {
    return L * time(ops) + edges(T, T_lg) + 2 * L * allreduce(T) + overhead;
  }

  double S = 2048, n_out = 256, B = 32, c = S + n_out / 2, phi = B / n_out;
  std::vector<Op> prefill_ops = layer(S, S * (S + 1) / 2, 2 * S);
  std::vector<Op> decode_ops = layer(B, B * c, B * c + B);
  double t_pf = pass(prefill_ops, S, 1);
  double t_dec = pass(decode_ops, B, B);
};

double rel(double a, double b) { return std::abs(a - b) / std::abs(b); }

}  // namespace

TEST_CASE("W2: TTFT, t_dec and ITL of Llama-3.1-70B on 8 × H100 (TP = 8) by hand") {
  const W2 w;
  // Per-layer prefill row values printed in W2.
  CHECK(w.prefill_ops[0].F == doctest::Approx(4.295e10).epsilon(1e-3));
  CHECK(w.prefill_ops[3].F / w.pi_g == doctest::Approx(608.0e-6).epsilon(1e-3));
  CHECK(w.allreduce(w.S) == doctest::Approx(178.5e-6).epsilon(1e-3));
  CHECK(w.t_pf == doctest::Approx(99.58e-3).epsilon(1e-4));
  CHECK(w.t_dec == doctest::Approx(11.47e-3).epsilon(1e-3));

  const json r = solve_ok(kW2);
  const json& sv = r["serving"];
  CHECK(rel(sv["prefill_s"].get<double>(), w.t_pf) < 1e-12);
  CHECK(rel(sv["decode_step_s"].get<double>(), w.t_dec) < 1e-12);
  CHECK(rel(sv["ttft_s"].get<double>(), w.t_pf + 3e-3) < 1e-12);
  CHECK(sv["ttft_s"].get<double>() == doctest::Approx(102.6e-3).epsilon(0.5e-3));  // printed to 0.1 ms

  // The chunked iteration: operator-wise blend, the LM head's weights read once (edges of the
  // iteration's B + φ·S tokens and B + φ logit rows in one pass).
  const double T_it = w.B + w.phi * w.S, lg = w.B + w.phi;
  const double head = std::max(2 * lg * w.h * w.V_r / w.pi_g, (w.h * w.V_r * w.b + lg * w.h * w.b + 4 * lg * w.V_r) / w.bw);
  const double edges = T_it * w.h * 4 / w.bw + 2 * T_it * w.h * 2 / w.bw + head;
  const double itl = w.L * w.time(W2::blend(w.decode_ops, w.prefill_ops, w.phi)) + edges +
                     2 * w.L * w.allreduce(T_it) + w.overhead;
  CHECK(rel(sv["itl_s"].get<double>(), itl) < 1e-12);
  CHECK(sv["itl_s"].get<double>() == doctest::Approx(17.82e-3).epsilon(0.3e-3));  // printed to 0.01 ms
  CHECK(sv["request_latency_s"].get<double>() == doctest::Approx(4.65).epsilon(1e-3));
  CHECK(sv["tokens_per_s"].get<double>() == doctest::Approx(1795).epsilon(0.5e-3));
  CHECK(sv["tokens_per_s_per_gpu"].get<double>() == doctest::Approx(224).epsilon(2e-3));
  CHECK(sv["prefills_per_iteration"] == 0.125);
  CHECK(sv["iteration_tokens"] == 288);

  const json& p = r["performance"];
  CHECK(p["scope"] == "iteration");
  CHECK(p["bottleneck"] == "compute");
  CHECK(p["compute_bound_time_fraction"].get<double>() == doctest::Approx(0.70).epsilon(0.01));
  CHECK(p["t_comm_s"].get<double>() == doctest::Approx(6.13e-3).epsilon(1e-3));
  CHECK(p["arithmetic_intensity"].get<double>() == doctest::Approx(193).epsilon(3e-3));
  CHECK(p["ridge_point"].get<double>() == doctest::Approx(221).epsilon(2e-3));
  CHECK(rel(p["latency_s"].get<double>(), sv["request_latency_s"].get<double>()) < 1e-15);
  CHECK(has_warning(r, "MIXED_BOUND"));
  CHECK(has_warning(r, "NEAR_RIDGE"));
  // flops are one rank's; the 8 ranks together do 8× that (Llama-3-70B: k = tp = 8, nothing replicated).
  CHECK(p["mfu"].get<double>() == doctest::Approx(8 * p["flops"].get<double>() /
                                                  (sv["itl_s"].get<double>() * 8 * 989e12)));
  CHECK(p["mfu"].get<double>() == doctest::Approx(5.05e12 / (17.82e-3 * 989e12)).epsilon(0.01));  // ≈ 28.7%
}

TEST_CASE("W2: memory per GPU and max_batch 653 by hand") {
  const W2 w;
  const json r = solve_ok(kW2);
  const json& m = r["memory"];
  const double layer = w.P_qkv + w.P_o + w.P_mlp + 2 * w.h;
  const double weights = (w.L * layer + 2 * w.V_r * w.h + w.h) * 2;
  CHECK(weights == doctest::Approx(17.64e9).epsilon(1e-3));
  CHECK(rel(m["breakdown"]["weights"].get<double>(), weights) < 1e-12);
  const double ws = 8192 * (2 * (4 * w.h + 10 * w.d + 3 * w.f_r) + 4 * w.V_r);
  CHECK(rel(m["breakdown"]["workspace"].get<double>(), ws) < 1e-12);  // 1.259e9 B
  const double kv_seq = 40960 * 2304.0;
  CHECK(r["serving"]["kv_cache_bytes_per_seq"] == kv_seq);
  const double U = 80.0 * (1 << 30) * 0.95;
  CHECK(m["max_batch"] == std::floor((U - weights - ws - 1e9) / kv_seq));
  CHECK(m["max_batch"] == 653);
  CHECK(r["serving"]["max_batch"] == 653);
  CHECK(m["required_bytes"].get<double>() == doctest::Approx(22.92e9).epsilon(1e-3));
  CHECK(r["serving"]["kv_utilization"].get<double>() == doctest::Approx(32 * kv_seq / (U - weights - ws - 1e9)));
  CHECK(m["fits"] == true);
}

TEST_CASE("serving: KV pressure, token budget, not-chunked, prefix cache and speculative decoding") {
  const json big = solve_ok(w2_with({{"batch_size", 900}}));
  CHECK(has_warning(big, "KV_CAPACITY"));
  CHECK(big["memory"]["fits"] == false);
  CHECK(has_warning(solve_ok(w2_with({{"serving", {{"max_batched_tokens", 256}}}})), "TOKEN_BUDGET_EXCEEDED"));
  CHECK_FALSE(has_warning(solve_ok(kW2), "TOKEN_BUDGET_EXCEEDED"));

  // Not chunked: itl = t_dec + φ·t_pf.
  const json nc = solve_ok(w2_with({{"serving", {{"chunked_prefill", false}}}}))["serving"];
  CHECK(rel(nc["itl_s"].get<double>(), nc["decode_step_s"].get<double>() + 0.125 * nc["prefill_s"].get<double>()) < 1e-12);
  // n_tp = 1: chunked ≤ not chunked (operator-wise max of sums ≤ sum of maxes).
  const json one = {{"model", "Llama3_8B"}, {"hardware", "H100"}, {"mode", "serving"}};
  json one_nc = one;
  one_nc["serving"] = {{"chunked_prefill", false}};
  CHECK(solve_ok(one)["serving"]["itl_s"].get<double>() <= solve_ok(one_nc)["serving"]["itl_s"].get<double>());

  // Prefix cache: C = floor(h_p·S/page)·page; h_p = 0 reproduces the plain prefill.
  const json pc = solve_ok(w2_with({{"serving", {{"prefix_hit_ratio", 0.5}}}}))["serving"];
  CHECK(pc["prefix_cached_tokens"] == 1024);
  CHECK(pc["ttft_s"].get<double>() < solve_ok(kW2)["serving"]["ttft_s"].get<double>());
  CHECK(solve_ok(w2_with({{"serving", {{"prefix_hit_ratio", 0.003}}}}))["serving"]["prefix_cached_tokens"] == 0);

  // Speculative decoding: E_tok = (1 − α^(γ+1))/(1 − α); itl = (γ·t_draft + t_verify)/E_tok.
  const json sp = solve_ok(w2_with({{"serving", {{"speculative", {{"gamma", 4}, {"acceptance_rate", 0.7}}}}}}))["serving"];
  const double e_tok = (1 - std::pow(0.7, 5)) / 0.3;
  CHECK(sp["spec_tokens_per_step"].get<double>() == doctest::Approx(e_tok));
  CHECK(sp["draft_step_s"].get<double>() == doctest::Approx(0.1 * sp["decode_step_s"].get<double>()));
  CHECK(rel(sp["itl_s"].get<double>(),
            (4 * sp["draft_step_s"].get<double>() + sp["verify_step_s"].get<double>()) / e_tok) < 1e-12);
  const json sp1 = solve_ok(w2_with({{"serving", {{"speculative", {{"acceptance_rate", 1}}}}}}))["serving"];
  CHECK(sp1["spec_tokens_per_step"] == 5);
  const json draft = solve_ok(w2_with({{"serving", {{"speculative", {{"draft_model", "Llama3_8B"}}}}}}));
  CHECK(draft["memory"]["breakdown"]["weights"].get<double>() >
        solve_ok(kW2)["memory"]["breakdown"]["weights"].get<double>());
}

TEST_CASE("serving invariants: itl non-decreasing and tokens/s non-decreasing in B up to max_batch") {
  double last_itl = 0, last_tps = 0;
  for (int b : {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}) {
    const json sv = solve_ok(w2_with({{"batch_size", b}}))["serving"];
    CAPTURE(b);
    CHECK(sv["itl_s"].get<double>() >= last_itl);
    CHECK(sv["tokens_per_s"].get<double>() >= last_tps);
    last_itl = sv["itl_s"];
    last_tps = sv["tokens_per_s"];
  }
}

TEST_CASE("TP: TTFT falls with n_tp; t_comm is 0 at tp = 1 and communication can be the bottleneck") {
  double last = 1e300;
  for (int tp : {1, 2, 4, 8}) {
    const json r = solve_ok(w2_with({{"cluster", {{"tp", tp}}}, {"model", "Llama3_8B"}}));
    CAPTURE(tp);
    CHECK(r["serving"]["ttft_s"].get<double>() < last);
    last = r["serving"]["ttft_s"];
    if (tp == 1) CHECK(r["performance"]["t_comm_s"] == 0);
  }
  // A slow link (PCIe-class scale-up) makes the all-reduces dominate a small decode.
  json hw = {{"name", "slowlink"}, {"peak_flops", {{"fp16", "989 TFLOP/s"}}}, {"memory_capacity", "80 GiB"},
             {"memory_bandwidth", "3.35 TB/s"}, {"scale_up_bandwidth", "2 GB/s"}};
  const json r = solve_ok({{"model", "Llama3_8B"}, {"hardware", hw}, {"mode", "serving"}, {"batch_size", 8},
                           {"cluster", {{"tp", 8}}}});
  CHECK(r["performance"]["bottleneck"] == "communication");
  // MFU uses N_rep = tp·pp GPUs and the FLOPs of all tp ranks (per-rank flops × tp).
  const json inf = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"cluster", {{"tp", 8}}}});
  CHECK(inf["performance"]["mfu"].get<double>() ==
        doctest::Approx(8 * inf["performance"]["flops"].get<double>() / (inf["performance"]["latency_s"].get<double>() * 8 * 989e12)));
}

TEST_CASE("per-operator rows per phase: per layer per layer type, plus once-per-pass rows") {
  const json r = solve_ok(kW2);
  for (const char* phase : {"prefill", "decode", "iteration"}) {
    CAPTURE(phase);
    const json& ph = r["performance"]["phases"][phase];
    REQUIRE(ph.contains("operators"));
    double sum = 0;
    for (const auto& o : ph["operators"]) {
      const double t = o["time_s"];
      sum += o["per"] == "layer" ? t * o["layer_count"].get<double>() : t;
      if (o["bound"] != "communication")
        CHECK(o["bound"] == (o["t_compute_s"].get<double>() >= o["t_memory_s"].get<double>() ? "compute" : "memory"));
    }
    // Operators + communication + overhead (80·10 µs + 10 µs) = the phase time.
    CHECK(sum + 80 * 10e-6 + 10e-6 == doctest::Approx(ph["time_s"].get<double>()).epsilon(1e-12));
  }
  const json& mlp = r["performance"]["phases"]["prefill"]["operators"][3];
  CHECK(mlp["name"] == "mlp");
  CHECK(mlp["bound"] == "compute");
  CHECK(mlp["layer_count"] == 80);
  CHECK(r["performance"]["phases"]["decode"]["operators"][3]["bound"] == "memory");
}

TEST_CASE("serving validation rows (§E)") {
  auto err = [](const json& s) { return solve_error(s); };
  json e = err(w2_with({{"model", "ResNet50"}, {"cluster", {{"tp", 1}}}}));
  CHECK(e["path"] == "mode");
  CHECK(e["message"] == "mode 'serving' requires a decoder transformer; use 'inference' for encoder/CNN/generic workloads");
  e = err(w2_with({{"serving", {{"prefix_hit_ratio", 1.0}}}}));
  CHECK(e["path"] == "serving.prefix_hit_ratio");
  CHECK(e["message"] == "must be in [0, 1) (got 1)");
  e = err(w2_with({{"serving", {{"speculative", {{"acceptance_rate", 1.5}}}}}}));
  CHECK(e["path"] == "serving.speculative.acceptance_rate");
  CHECK(e["message"] == "must be in [0, 1] (got 1.5)");
  e = err(w2_with({{"serving", {{"speculative", {{"gamma", 0}}}}}}));
  CHECK(e["path"] == "serving.speculative.gamma");
  CHECK(e["message"] == "must be an integer ≥ 1 (got 0)");
  e = err(w2_with({{"serving", {{"page_tokens", 0}}}}));
  CHECK(e["path"] == "serving.page_tokens");
  CHECK(solve_ok(w2_with({{"batch_size", nullptr}}))["serving"]["iteration_tokens"] == 288);  // default B = 32
}

TEST_CASE("§C.0 cluster validation rows for tp, pp and ep") {
  auto check = [](const json& s, const char* path, const char* message) {
    const json e = solve_error(s);
    CHECK(e["path"] == path);
    CHECK(e["message"] == message);
  };
  check(w2_with({{"cluster", {{"tp", 3}}}}), "cluster.tp", "tp=3 must divide num_attention_heads=64; nearest valid tp: 2 or 4");
  check(w2_with({{"cluster", {{"tp", 16}}}}), "cluster.tp",
        "tp=16 spans more than one node of gpus_per_node=8; tensor parallelism across nodes arrives with issue 3/6");
  check(w2_with({{"cluster", {{"tp", 8}, {"gpus", 12}}}}), "cluster.gpus", "gpus=12 is not divisible by tp*pp = 8; nearest valid gpus: 8 or 16");
  check(w2_with({{"cluster", {{"tp", 8}, {"gpus", 8}, {"dp", 2}}}}), "cluster.gpus", "tp*pp*dp = 16 does not equal gpus = 8; nearest valid dp: 1 (or leave dp out: it is derived from gpus)");
  check(w2_with({{"cluster", {{"tp", 1}, {"cp", 2}}}}), "cluster.cp", "cp > 1 is only modeled in training mode");
  check(w2_with({{"cluster", {{"tp", 1}, {"pp", 96}}}}), "cluster.pp",
        "pp=96 exceeds num_hidden_layers=80; nearest valid pp: 1 (inference and serving model no pipeline)");
  check(w2_with({{"cluster", {{"tp", 1}, {"ep", 2}}}}), "cluster.ep", "ep > 1 requires an MoE model");
  check({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"cluster", {{"ep", 3}}}}, "cluster.ep",
        "ep=3 must divide num_experts=8; nearest valid ep: 1");
  check({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"cluster", {{"ep", 4}, {"tp", 2}}}}, "cluster.ep",
        "ep=4 must divide tp*dp = 2");
  const json pp = solve_error(w2_with({{"cluster", {{"tp", 1}, {"pp", 2}}}}));
  CHECK(pp["path"] == "cluster.pp");
  CHECK(pp["message"].get<std::string>().find("issue 3/6") != std::string::npos);
  json cfg = {{"hidden_size", 4096}, {"num_hidden_layers", 4}, {"num_attention_heads", 32},
              {"num_key_value_heads", 12}, {"head_dim", 128}, {"intermediate_size", 11008}, {"vocab_size", 32000}};
  cfg["num_attention_heads"] = 48;
  check({{"model", cfg}, {"hardware", "H100"}, {"cluster", {{"tp", 8}}}}, "cluster.tp",
        "tp=8 and num_key_value_heads=12 must divide one another; nearest valid tp: 4");
  cfg["num_attention_heads"] = 24;
  cfg["num_key_value_heads"] = 6;
  check({{"model", cfg}, {"hardware", "H100"}, {"cluster", {{"tp", 3}}}}, "cluster.tp",
        "tp=3 must divide intermediate_size=11008; nearest valid tp: 2");
}

TEST_CASE("MFU counts the whole model's FLOPs: tensor parallelism does not divide it by tp") {
  // Same work per token on 1 GPU or 8: MFU = model FLOPs/(time·N·peak) must use all ranks' FLOPs.
  const json one = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"mode", "serving"}, {"batch_size", 32}});
  const json eight = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"mode", "serving"}, {"batch_size", 32},
                               {"cluster", {{"tp", 8}}}});
  const double f1 = one["performance"]["phases"]["iteration"]["flops"];
  const double f8 = eight["performance"]["phases"]["iteration"]["flops"];
  const double t1 = one["serving"]["itl_s"], t8 = eight["serving"]["itl_s"];
  // Per-rank FLOPs shrink about 8× (KV heads: 8 = tp, so nothing is replicated for Llama-3-8B).
  CHECK(f8 * 8 == doctest::Approx(f1).epsilon(1e-9));
  CHECK(eight["performance"]["mfu"].get<double>() == doctest::Approx(one["performance"]["mfu"].get<double>() * t1 / (8 * t8)).epsilon(1e-9));
  CHECK(eight["performance"]["mfu"].get<double>() <= 1.0);
}

TEST_CASE("inference mode: a decoder's KV pressure is the KV cache over the memory left for it (not 0)") {
  // The same §E quantity serving reports; plain decoder inference used to leave it at 0.
  for (int batch : {1, 4, 40}) {
    CAPTURE(batch);
    const json r = solve_ok({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"batch_size", batch},
                             {"seq_len", 2048}, {"output_len", 128}});
    const json& b = r["memory"]["breakdown"];
    const double room = r["memory"]["usable_bytes"].get<double>() - b["weights"].get<double>() -
                        b["workspace"].get<double>() - b["reserve"].get<double>();
    const double kv = b["kv_cache"].get<double>();
    CHECK(kv == doctest::Approx(batch * r["serving"]["kv_cache_bytes_per_seq"].get<double>()));
    CHECK(r["serving"]["kv_utilization"].get<double>() == doctest::Approx(kv / room));
    CHECK(r["serving"]["kv_utilization"].get<double>() > 0);
  }
}

TEST_CASE("KV pressure is absent when weights, workspace and reserve leave no room (not a negative ratio)") {
  // Llama-3-70B in bf16 on one H100: 141 GB of weights on 80 GiB.
  for (const char* mode : {"inference", "serving"}) {
    CAPTURE(mode);
    const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", mode},
                             {"batch_size", 8}, {"seq_len", 2048}, {"output_len", 128}});
    CHECK(r["memory"]["fits"] == false);
    CHECK_FALSE(r["serving"].contains("kv_utilization"));
  }
}
