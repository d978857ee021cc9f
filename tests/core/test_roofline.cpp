// Single-node roofline (MODELS.md §C) against hand calculations (Appendix W1) and its invariants.
#include <doctest/doctest.h>

#include "mlsysim/catalog.hpp"
#include "test_support.hpp"

using nlohmann::json;

namespace {
double rel(double a, double b) { return std::abs(a - b) / std::abs(b); }
}  // namespace

TEST_CASE("W1: ResNet-50 on one A100, fp16, batch 1, by hand") {
  const json r = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 1}});
  const json& p = r["performance"];
  const double pi_g = 312e12 * 0.60, bw_e = 2039e9 * 0.80;
  const double F = 8.2e9, Y = 25.6e6 * 2 + 2 * 1 * 34.0e6;
  const double t_c = F / pi_g, t_m = Y / bw_e, overhead = 50 * 10e-6 + 15e-6;
  CHECK(rel(p["ridge_point"].get<double>(), pi_g / bw_e) < 1e-12);              // 114.8 FLOP/B
  CHECK(rel(p["ridge_point_peak"].get<double>(), 312e12 / 2039e9) < 1e-12);     // 153.0 FLOP/B
  CHECK(rel(p["arithmetic_intensity"].get<double>(), F / Y) < 1e-12);           // 68.8 FLOP/B
  CHECK(rel(p["t_compute_s"].get<double>(), t_c) < 1e-12);
  CHECK(rel(p["t_memory_s"].get<double>(), t_m) < 1e-12);
  CHECK(rel(p["latency_s"].get<double>(), std::max(t_c, t_m) + overhead) < 1e-12);  // 0.588 ms
  CHECK(p["latency_s"].get<double>() == doctest::Approx(0.588e-3).epsilon(0.001));
  CHECK(p["throughput_per_s"].get<double>() == doctest::Approx(1700).epsilon(0.001));
  CHECK(p["mfu"].get<double>() == doctest::Approx(F / (p["latency_s"].get<double>() * 312e12)));
  CHECK(p["bottleneck"] == "memory");
  CHECK(has_warning(r, "OVERHEAD_DOMINATED"));
  CHECK(r["memory"]["breakdown"]["weights"].get<double>() == 51.2e6);
  CHECK(r["memory"]["fits"] == true);
}

TEST_CASE("W1: ResNet-50 on one A100, fp16, batch 256, by hand") {
  const json r = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 256}});
  const json& p = r["performance"];
  const double F = 256 * 8.2e9, Y = 25.6e6 * 2 + 2 * 256 * 34.0e6;
  const double t_c = F / (312e12 * 0.6), t_m = Y / (2039e9 * 0.8);
  CHECK(rel(p["latency_s"].get<double>(), std::max(t_c, t_m) + 50 * 10e-6 + 15e-6) < 1e-12);
  CHECK(p["latency_s"].get<double>() == doctest::Approx(11.729e-3).epsilon(0.001));
  CHECK(p["throughput_per_s"].get<double>() == doctest::Approx(21827).epsilon(0.001));
  CHECK(p["mfu"].get<double>() == doctest::Approx(0.574).epsilon(0.002));
  CHECK(p["bottleneck"] == "compute");
  CHECK(has_warning(r, "NEAR_RIDGE"));  // 120.2 vs 114.8 FLOP/B
  CHECK(p["crossover_batch"] == 16);    // W1: B* = 14.8 → first compute-bound power of two is 16
}

TEST_CASE("one LLM decode step by hand: Llama-3.1-70B on one H100, fp16, B = 1, context 2048 + 128/2") {
  const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"batch_size", 1}});
  // Per layer (§C.3, T = 1, c̄ = 2112): every operator is memory-bound, so t = Y/BW_e.
  const double h = 8192, a = 64, k = 8, d = 128, f = 28672, V = 128256, c = 2048 + 64;
  const double qkv = h * (a + 2 * k) * d * 2 + h * 2 + (a + 2 * k) * d * 2;
  const double kv_token = 2 * k * d * 2;
  const double att = a * (d + d) * 2 + (c + 1) * kv_token;
  const double o = a * d * h * 2 + a * d * 2 + h * 2;
  const double mlp = 3 * h * f * 2 + (2 * h + 3 * f) * 2;
  const double elementwise = 2 * (8 * h + 2 * (a + k) * d + 3 * f);
  const double edges = h * (2 + 2) + 2 * h * 2 + (h * V * 2 + h * 2 + 4 * V);
  const double bytes = 80 * (qkv + att + o + mlp + elementwise) + edges;
  const double t_dec = bytes / (3.35e12 * 0.8) + 80 * 10e-6 + 10e-6;
  CHECK(rel(r["serving"]["decode_step_s"].get<double>(), t_dec) < 1e-12);
  CHECK(t_dec == doctest::Approx(52.955e-3).epsilon(1e-4));
  CHECK(r["performance"]["phases"]["decode"]["bottleneck"] == "memory");
  CHECK(r["serving"]["kv_cache_bytes_per_token"] == 327680);
  CHECK(r["memory"]["fits"] == false);  // 141 GB of fp16 weights on an 80 GiB part
  CHECK(has_warning(r, "DOES_NOT_FIT"));
}

TEST_CASE("more bandwidth or more FLOP/s is never slower (property over models and batches)") {
  const json base_hw = {{"name", "probe"}, {"peak_flops", {{"fp16", "312 TFLOP/s"}}}, {"memory_capacity", "80 GiB"},
                        {"memory_bandwidth", "2 TB/s"}};
  for (const char* model : {"ResNet50", "BERT_Base", "Llama3_8B", "Mixtral_8x7B", "MobileNetV2"})
    for (int batch : {1, 8, 64, 512}) {
      CAPTURE(model);
      CAPTURE(batch);
      double last = 1e300;
      for (const char* bw : {"0.5 TB/s", "1 TB/s", "2 TB/s", "4 TB/s", "8 TB/s"}) {
        json hw = base_hw;
        hw["memory_bandwidth"] = bw;
        const double t = solve_ok({{"model", model}, {"hardware", hw}, {"batch_size", batch}})["performance"]["latency_s"];
        CHECK(t <= last);
        last = t;
      }
      last = 1e300;
      for (const char* peak : {"50 TFLOP/s", "100 TFLOP/s", "312 TFLOP/s", "1000 TFLOP/s"}) {
        json hw = base_hw;
        hw["peak_flops"]["fp16"] = peak;
        const double t = solve_ok({{"model", model}, {"hardware", hw}, {"batch_size", batch}})["performance"]["latency_s"];
        CHECK(t <= last);
        last = t;
      }
    }
}

TEST_CASE("along a batch sweep the bottleneck of a CNN flips from memory to compute exactly once") {
  for (const char* model : {"ResNet50", "ResNet18", "AlexNet"})
    for (const char* hw : {"A100", "H100", "T4", "MI300X", "JetsonOrinNano"}) {
      CAPTURE(model);
      CAPTURE(hw);
      const json r = mlsysim::solve({{"model", model}, {"hardware", hw}});
      if (!r["ok"].get<bool>()) continue;  // a precision the part lacks is covered elsewhere
      int flips = 0;
      bool prev = false;
      for (const auto& p : r["performance"]["sweep"]) {
        const bool compute = p["compute_bound"].get<bool>();
        if (compute != prev) ++flips;
        CHECK(!(prev && !compute));  // never back to memory-bound
        prev = compute;
      }
      CHECK(flips <= 1);
    }
}

TEST_CASE("throughput never drops along the sweep, and latency ≥ max(t_compute, t_memory)") {
  for (const char* model : {"ResNet50", "Llama3_8B", "BERT_Large"}) {
    const json r = solve_ok({{"model", model}, {"hardware", "H100"}});
    double last = 0;
    for (const auto& p : r["performance"]["sweep"]) {
      CHECK(p["throughput_per_s"].get<double>() >= last);
      last = p["throughput_per_s"].get<double>();
    }
    const json& perf = r["performance"];
    CHECK(perf["latency_s"].get<double>() >= std::max(perf["t_compute_s"].get<double>(), perf["t_memory_s"].get<double>()));
    CHECK(perf["mfu"].get<double>() <= 1.0);
  }
}

TEST_CASE("fp32 on H100 uses the 67 TFLOP/s CUDA-core rate, never the 16-bit tensor peak (§A)") {
  const json r = solve_ok({{"model", "ResNet50"}, {"hardware", "H100"}, {"precision", "fp32"}});
  CHECK(r["device"]["peak_flops"] == 67e12);
  CHECK(solve_ok({{"model", "ResNet50"}, {"hardware", "H100"}, {"precision", "fp16"}})["device"]["peak_flops"] == 989e12);
}

TEST_CASE("a precision the device lacks at 8 bits becomes weight-only with a warning, never a silent alias") {
  const json r = solve_ok({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"precision", "fp8"}});
  CHECK(has_warning(r, "PRECISION_FALLBACK"));
  CHECK(r["performance"]["precision_plan"]["compute"] == "fp16");
  const json int8 = solve_ok({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"precision", "int8"}});
  const json fp16 = solve_ok({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"precision", "fp16"}});
  // int8 weights are half the fp16 weights on the linear layers (embeddings stay 16-bit).
  CHECK(int8["memory"]["breakdown"]["weights"].get<double>() < fp16["memory"]["breakdown"]["weights"].get<double>());
}

TEST_CASE("max_batch is the largest batch that fits: required(max) ≤ usable < required(max + 1)") {
  for (const char* model : {"Llama3_8B", "ResNet50"}) {
    const json r = solve_ok({{"model", model}, {"hardware", "A100"}});
    const double max_batch = r["memory"]["max_batch"];
    const json at = solve_ok({{"model", model}, {"hardware", "A100"}, {"batch_size", max_batch}});
    CHECK(at["memory"]["fits"] == true);
    const json over = solve_ok({{"model", model}, {"hardware", "A100"}, {"batch_size", max_batch + 1}});
    CHECK(over["memory"]["fits"] == false);
  }
}

TEST_CASE("bare-metal microcontrollers carry no 1 GB runtime reserve; a scenario can still set one") {
  const json r = solve_ok({{"model", "DS_CNN"}, {"hardware", "ESP32_S3"}, {"precision", "int8"}});
  CHECK(r["memory"]["breakdown"]["reserve"] == 0);
  const json gpu = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}});
  CHECK(gpu["memory"]["breakdown"]["reserve"] == 1e9);
  const json set = solve_ok({{"model", "DS_CNN"}, {"hardware", "ESP32_S3"}, {"precision", "int8"},
                             {"memory", {{"reserve_bytes", 1000}}}});
  CHECK(set["memory"]["breakdown"]["reserve"] == 1000);
}
