// Training memory per GPU (MODELS.md §D.2): hand calculation and invariants.
#include <doctest/doctest.h>

#include <cmath>

#include "test_support.hpp"

using nlohmann::json;

namespace {
json train(const json& patch) {
  json s = {{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "fp16"},
            {"batch_size", 8}, {"seq_len", 4096}};
  s.merge_patch(patch);
  return s;
}
double required(const json& r) { return r["memory"]["required_bytes"].get<double>(); }
}  // namespace

TEST_CASE("Llama-2-7B fp16 AdamW: 16 B/param = 107.8 GB before activations (does not fit 80 GiB)") {
  const json r = solve_ok(train({{"batch_size", 1}, {"cluster", {{"zero", 0}}}}));
  const json& b = r["memory"]["breakdown"];
  const double P = 6738415616;
  CHECK(r["memory"]["params_per_gpu"] == P);
  CHECK(b["weights"] == 2 * P);
  CHECK(b["gradients"] == 2 * P);
  CHECK(b["optimizer"] == 12 * P);
  const double states = b["weights"].get<double>() + b["gradients"].get<double>() + b["optimizer"].get<double>();
  CHECK(states == doctest::Approx(107.8e9).epsilon(1e-3));
  CHECK(r["memory"]["fits"] == false);
  CHECK(has_warning(r, "DOES_NOT_FIT"));
  CHECK(r.contains("performance"));  // issue 3/6: training has a step-time model now
  CHECK(r["performance"]["scope"] == "step");
  // Activations at b_mb = 1, S = 4096 (selective = none with flash): per token per layer
  // b_a·[4h + (a + 2k)·d + a·d_v + 3f] = 2·(4·4096 + 3·4096 + 4096 + 3·11008).
  const double a_tok = 2.0 * (4 * 4096 + 3 * 4096 + 4096 + 3 * 11008);
  CHECK(b["activations"] == 32 * a_tok * 4096);
  CHECK(b["logits"] == 4096.0 * 32000 * (4 + 2));
  // Optimizer bytes per param by optimizer; fp32 training halves Adam's extra state.
  CHECK(solve_ok(train({{"training", {{"optimizer", "sgd"}}}, {"cluster", {{"zero", 0}}}}))["memory"]["breakdown"]["optimizer"] == 8 * P);
  CHECK(solve_ok(train({{"training", {{"optimizer", "adafactor"}}}, {"cluster", {{"zero", 0}}}}))["memory"]["breakdown"]["optimizer"] == 4 * P);
  const json fp32 = solve_ok(train({{"precision", "fp32"}, {"cluster", {{"zero", 0}}}}))["memory"]["breakdown"];
  CHECK(fp32["optimizer"] == 8 * P);
  CHECK(fp32["weights"] == 4 * P);
  CHECK(fp32["gradients"] == 4 * P);
}

TEST_CASE("training memory invariants: ZeRO non-increasing, full < selective ≤ none, sums, max_batch bound") {
  for (const char* model : {"Llama2_7B", "Llama3_8B", "Mixtral_8x7B"})
    for (int dp : {1, 2, 8}) {
      CAPTURE(model);
      CAPTURE(dp);
      double last = 1e300;
      for (int z : {0, 1, 2, 3}) {
        const json r = solve_ok(train({{"model", model}, {"cluster", {{"dp", dp}, {"zero", z}}}}));
        // Stage 3 adds two gathered layers: it saves memory once n_z ≥ 2 (§D.2 invariant).
        if (z < 3 || dp >= 2) CHECK(required(r) <= last * (1 + 1e-12));
        last = required(r);
        double sum = 0;
        for (auto& [k, v] : r["memory"]["breakdown"].items()) sum += v.get<double>();
        CHECK(sum == doctest::Approx(required(r)).epsilon(1e-12));
      }
      auto act = [&](const char* rc) {
        return solve_ok(train({{"model", model}, {"cluster", {{"dp", dp}, {"recompute", rc}}}}))["memory"]["breakdown"]["activations"].get<double>();
      };
      CHECK(act("full") < act("selective"));
      CHECK(act("selective") <= act("none"));
    }
  // Without flash, selective drops the score terms: selective < none.
  json cfg = {{"hidden_size", 2048}, {"num_hidden_layers", 8}, {"num_attention_heads", 16}, {"intermediate_size", 5632},
              {"vocab_size", 32000}, {"model_type", "llama"}, {"flash_attention", false}};
  auto act_cfg = [&](const char* rc) {
    return solve_ok(train({{"model", cfg}, {"cluster", {{"recompute", rc}}}}))["memory"]["breakdown"]["activations"].get<double>();
  };
  CHECK(act_cfg("selective") < act_cfg("none"));
  // required(max) ≤ U < required(max + 1), checked through the global batch at micro-batch size.
  const json r = solve_ok(train({{"model", "Llama3_8B"}, {"cluster", {{"dp", 8}, {"zero", 3}}}, {"batch_size", 64}}));
  const double max_mb = r["memory"]["max_microbatch_size"], U = r["memory"]["usable_bytes"];
  REQUIRE(max_mb >= 1);
  CHECK(r["memory"]["max_batch"] == max_mb * 8 * r["memory"]["microbatches"].get<double>());
  // b_mb = batch/(dp·m): pick m = 1 so b_mb = batch/dp.
  auto req_at = [&](double mb) {
    return required(solve_ok(train({{"model", "Llama3_8B"}, {"batch_size", mb * 8},
                                    {"cluster", {{"dp", 8}, {"zero", 3}, {"microbatches", 1}}}})));
  };
  CHECK(req_at(max_mb) <= U);
  CHECK(req_at(max_mb + 1) > U);
}

TEST_CASE("training validation rows and batch rounding") {
  auto check = [](const json& s, const char* path, const char* message) {
    const json e = solve_error(s);
    CHECK(e["path"] == path);
    CHECK(e["message"] == message);
  };
  check(train({{"training", {{"optimizer", "mystery"}}}}), "training.optimizer",
        "must be one of adamw, adam, sgd, adafactor (got 'mystery')");
  check(train({{"cluster", {{"zero", 4}}}}), "cluster.zero", "must be 0, 1, 2 or 3 (got 4)");
  check(train({{"cluster", {{"recompute", "some"}}}}), "cluster.recompute",
        "must be one of none, selective, full (got 'some')");
  check(train({{"batch_size", 1000}, {"cluster", {{"dp", 16}}}}), "batch_size", "batch_size=1000 must be divisible by dp=16; nearest valid batch_size: 992 or 1008");
  check(train({{"batch_size", 64}, {"cluster", {{"dp", 8}, {"microbatches", 3}}}}), "cluster.microbatches",
        "batch_size=64 must be divisible by dp*microbatches = 8*3; nearest valid microbatches: 2 or 4");
  check(train({{"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}, {"dp", 16}}}}), "cluster.gpus",
        "tp*pp*cp*dp = 8*4*1*16 = 512 does not equal gpus = 1024; nearest valid dp: 32 (or leave dp out: it is derived "
        "from gpus)");
  json r = solve_ok({{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"cluster", {{"tp", 8}, {"dp", 125}}}});
  CHECK(has_warning(r, "BATCH_ROUNDED"));
  CHECK(r["memory"]["microbatches"] == 8);  // 1000/125, micro-batch 1
}
