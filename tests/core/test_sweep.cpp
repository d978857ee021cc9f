// Sweeps (report.hpp): the 1-D contract and the 2-D grid agree with solve() point by point.
#include <doctest/doctest.h>

#include "test_support.hpp"

using nlohmann::json;

namespace {
const json kServing = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "serving"},
                       {"seq_len", 2048}, {"output_len", 256}, {"cluster", {{"tp", 8}}}};
}

TEST_CASE("1-D sweep: contract kept, serving numbers equal solve()") {
  const json r = mlsysim::sweep(kServing, "batch_size", {1, 32, 900});
  REQUIRE(r["ok"] == true);
  for (const char* key : {"latency_s", "throughput_per_s", "arithmetic_intensity", "compute_bound", "fits", "ttft_s",
                          "itl_s", "tokens_per_s"})
    CHECK(r[key].size() == 3);
  json one = kServing;
  one["batch_size"] = 32;
  const json s = solve_ok(one);
  CHECK(r["itl_s"][1] == s["serving"]["itl_s"]);
  CHECK(r["latency_s"][1] == s["performance"]["latency_s"]);
  CHECK(r["fits"][2] == 0);
  const json cnn = mlsysim::sweep({{"model", "ResNet50"}, {"hardware", "A100"}}, "efficiency.compute", {0.3, 0.6});
  CHECK(cnn["latency_s"].size() == 2);
  CHECK_FALSE(cnn.contains("ttft_s"));
  CHECK(mlsysim::sweep(kServing, "seq_len", {0})["error"]["path"] == "seq_len");
}

TEST_CASE("2-D sweep batch_size × seq_len: flat row-major arrays equal solve() at every point") {
  const std::vector<double> bs = {1, 8, 64}, sl = {512, 2048, 8192};
  const json g = mlsysim::sweep2d(kServing, "batch_size", bs, "seq_len", sl);
  REQUIRE(g["ok"] == true);
  CHECK(g["ttft_s"].size() == 9);
  for (size_t i = 0; i < bs.size(); ++i)
    for (size_t j = 0; j < sl.size(); ++j) {
      json p = kServing;
      p["batch_size"] = bs[i];
      p["seq_len"] = sl[j];
      const json s = solve_ok(p);
      const size_t k = i * sl.size() + j;
      CAPTURE(k);
      CHECK(g["ttft_s"][k].get<double>() == doctest::Approx(s["serving"]["ttft_s"].get<double>()).epsilon(1e-12));
      CHECK(g["itl_s"][k].get<double>() == doctest::Approx(s["serving"]["itl_s"].get<double>()).epsilon(1e-12));
      CHECK(g["tokens_per_s"][k].get<double>() == doctest::Approx(s["serving"]["tokens_per_s"].get<double>()).epsilon(1e-12));
      CHECK(g["latency_s"][k].get<double>() == doctest::Approx(s["performance"]["latency_s"].get<double>()).epsilon(1e-12));
      CHECK(g["fits"][k] == (s["memory"]["fits"].get<bool>() ? 1 : 0));
    }
  // The other order and inference mode work too.
  json inf = kServing;
  inf["mode"] = "inference";
  const json h = mlsysim::sweep2d(inf, "seq_len", sl, "batch_size", bs);
  REQUIRE(h["ok"] == true);
  json p = inf;
  p["batch_size"] = 8;
  p["seq_len"] = 8192;
  CHECK(h["latency_s"][2 * 3 + 1].get<double>() ==
        doctest::Approx(solve_ok(p)["performance"]["latency_s"].get<double>()).epsilon(1e-12));
  CHECK(mlsysim::sweep2d(kServing, "batch_size", bs, "batch_size", bs)["error"]["path"] == "field_y");
  CHECK(mlsysim::sweep2d(kServing, "precision", bs, "batch_size", bs)["error"]["path"] == "field_x");
  json train = kServing;
  train["mode"] = "training";
  train["batch_size"] = 8;
  CHECK(mlsysim::sweep2d(train, "batch_size", bs, "seq_len", sl)["error"]["path"] == "mode");
}
