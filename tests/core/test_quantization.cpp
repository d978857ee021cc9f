// Quantization (MODELS.md §F): bytes with block scales, the result block, validation, invariants.
#include <doctest/doctest.h>

#include "mlsysim/quantization.hpp"
#include "test_support.hpp"

using nlohmann::json;

TEST_CASE("b_w with block scales: int4 0.53125, fp4 0.5625; weight bytes strictly decrease") {
  using namespace mlsysim;
  CHECK(format_bytes("int4", 128, 4) == 0.53125);
  CHECK(format_bytes("fp4", 16, 1) == 0.5625);
  CHECK(format_bytes("fp8", 0, 0) == 1);
  CHECK(format_bytes("bf16", 0, 0) == 2);
  const json base = {{"model", "Llama3_8B"}, {"hardware", "B200"}, {"batch_size", 1}};
  double last = 1e300;
  for (const char* w : {"fp32", "bf16", "fp8", "fp4", "int4"}) {
    json s = base;
    s["quant"] = {{"weights", w}};
    if (std::string(w) == "fp32") s["precision"] = "fp32", s.erase("quant");
    const double bytes = solve_ok(s)["memory"]["breakdown"]["weights"];
    CAPTURE(w);
    CHECK(bytes < last);
    last = bytes;
  }
}

TEST_CASE("quantization block: present iff weights or KV narrower than 16 bit; ratios vs bf16; a labelled prior") {
  const json plain = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}});
  CHECK_FALSE(plain.contains("quantization"));
  const json r = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"precision", "int4"}, {"batch_size", 1}});
  const json& q = r["quantization"];
  CHECK(q["weights"] == "int4");
  CHECK(q["b_w"] == 0.53125);
  CHECK(q["baseline"] == "bf16");
  CHECK(q["weight_only"] == true);
  CHECK(q["weight_ratio"].get<double>() == doctest::Approx(q["weight_bytes"].get<double>() / q["baseline_weight_bytes"].get<double>()));
  CHECK(q["weight_ratio"].get<double>() < 0.5);
  CHECK(q["speedup_decode"].get<double>() > 1);       // memory-bound decode gains from bytes
  CHECK(q["speedup_decode"].get<double>() <= 2 / 0.53125);  // ≤ byte ratio
  CHECK(q["accuracy_prior"]["label"] == "rough prior from literature; not a prediction");
  CHECK(q["accuracy_prior"]["low_pts"] == 0.5);
  CHECK(q["accuracy_prior"]["high_pts"] == 3);
  // INT8 has its own row (never the FP8 value); KV quantization adds its row.
  const json i8 = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"precision", "int8"}, {"quant", {{"kv", "int8"}}}});
  CHECK(i8["quantization"]["kv"] == "int8");
  CHECK(i8["quantization"]["b_kv"] == 1);
  CHECK(i8["quantization"]["accuracy_prior"]["rows"].size() == 2);
  CHECK(i8["quantization"]["accuracy_prior"]["high_pts"] == 1.5);  // int8 W8A8 LLM 0–1 + KV 0–0.5
  CHECK(i8["workload"]["kv_cache_bytes_per_token"] == 32 * 2 * 8 * 128 * 1);
  // FLOP counts are unchanged by quantization.
  CHECK(i8["performance"]["flops"] == solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}})["performance"]["flops"]);
  // The prior feeds no other number: every other figure equals the run without it.
}

TEST_CASE("quant validation rows") {
  auto check = [](const json& quant, const char* path, const char* message) {
    const json e = solve_error({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"quant", quant}});
    CHECK(e["path"] == path);
    CHECK(e["message"] == message);
  };
  check({{"weights", "nf3"}}, "quant.weights", "must be one of fp32, bf16, fp16, fp8, int8, fp4, int4 (got 'nf3')");
  check({{"weights", "bf16"}, {"activations", "fp8"}}, "quant.activations",
        "activations narrower than weights are not modeled (weights bf16, activations fp8)");
  check({{"group_size", 0}}, "quant.group_size", "must be an integer ≥ 1 (got 0)");
  check({{"scale_bytes", -1}}, "quant.scale_bytes", "must be in [0, 64] (got -1)");
  check({{"kv", "fp32"}}, "quant.kv", "must be one of bf16, fp16, fp8, int8, fp4, int4 (got 'fp32')");
}
