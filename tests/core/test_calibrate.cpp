// Calibration from one measurement: round trips (predict with a parameter set, feed the prediction
// back as a measurement, recover the parameter), the parameter each bottleneck selects, units,
// unreachable values and every class of bad input.
#include <doctest/doctest.h>

#include <cmath>

#include "test_support.hpp"

using nlohmann::json;

namespace {

const json kDecode = {{"model", "Llama3_8B"}, {"hardware", "A100"}, {"batch_size", 1}, {"precision", "bf16"}};
const json kServing = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"},
                       {"output_len", 256}, {"cluster", {{"tp", 8}}}};

double value_at(const json& r, const std::string& path) {
  const size_t dot = path.find('.');
  return r[path.substr(0, dot)][path.substr(dot + 1)].get<double>();
}

// Predicts `metric` with efficiency.<param> = v set explicitly, then calibrates the scenario
// without it to that prediction; returns the calibrated result.
json round_trip(const json& scenario, const std::string& param, double v, const std::string& metric,
                const std::string& forced = "") {
  json set = scenario;
  const size_t dot = param.find('.');
  set[param.substr(0, dot)][param.substr(dot + 1)] = v;
  const json predicted = solve_ok(set);
  json cal = scenario;
  cal["calibration"] = {{"metric", metric}, {"measured", value_at(predicted, metric)}};
  if (!forced.empty()) cal["calibration"]["parameter"] = forced;
  const json r = solve_ok(cal);
  CHECK(r["calibration"]["reached"] == true);
  CHECK(r["calibration"]["parameter"] == param);
  CHECK(r["calibration"]["to"].get<double>() == doctest::Approx(v).epsilon(1e-9));
  CHECK(std::abs(r["calibration"]["to"].get<double>() - v) <= 1e-9 * v);
  // The re-solved scenario reproduces the explicit one.
  CHECK(r["performance"]["latency_s"].get<double>() == doctest::Approx(predicted["performance"]["latency_s"].get<double>()).epsilon(1e-9));
  CHECK(value_at(r, metric) == doctest::Approx(value_at(predicted, metric)).epsilon(1e-12));
  return r;
}

}  // namespace

TEST_CASE("round trip, memory-bound: batch-1 decode ITL with η_m = 0.7 → efficiency.memory = 0.7") {
  const json r = round_trip(kDecode, "efficiency.memory", 0.7, "serving.itl_s");
  CHECK(r["calibration"]["from"].get<double>() == 0.8);
  CHECK(r["calibration"]["predicted_before"].get<double>() < r["calibration"]["measured"].get<double>());
  CHECK(r["calibration"]["unit"] == "s");
  CHECK(r["calibration"]["note"].get<std::string>().find("decode step is memory-bound") != std::string::npos);
  CHECK(r["calibration"]["note"].get<std::string>().find("0.8 → 0.7") != std::string::npos);
}

TEST_CASE("round trip, compute-bound: 8B prefill TTFT and training step time with η_c = 0.7") {
  json prefill = {{"model", "Llama3_8B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"seq_len", 4096}};
  round_trip(prefill, "efficiency.compute", 0.7, "serving.ttft_s");
  json train = {{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                {"batch_size", 64}, {"seq_len", 4096}, {"cluster", {{"dp", 8}}}};
  const json r = round_trip(train, "efficiency.compute", 0.7, "training.step_time_s");
  round_trip(train, "efficiency.compute", 0.7, "training.tokens_per_s");
  round_trip(train, "efficiency.compute", 0.7, "training.mfu");
  CHECK(r["calibration"]["note"].get<std::string>().find("training step is compute-bound") != std::string::npos);
}

TEST_CASE("round trip, overhead-dominated: ResNet-50 batch 1 latency fits τ_L") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 1}};
  const json r = round_trip(base, "efficiency.overhead_s", 1.7e-5, "performance.latency_s");
  CHECK(r["calibration"]["note"].get<std::string>().find("fixed overheads are") != std::string::npos);
  round_trip(base, "efficiency.overhead_s", 0.6e-5, "performance.throughput_per_s");
}

TEST_CASE("round trip through the links: efficiency.network on a TP = 8 serving iteration (parameter named)") {
  const json r = round_trip(kServing, "efficiency.network", 0.7, "serving.itl_s", "efficiency.network");
  CHECK(r["calibration"]["note"].get<std::string>().find("chosen in the scenario") != std::string::npos);
  // The fitted η_n is carried into every link: the TP all-reduce time matches the explicit run.
  json set = kServing;
  set["efficiency"]["network"] = 0.7;
  CHECK(r["performance"]["t_comm_s"].get<double>() == doctest::Approx(solve_ok(set)["performance"]["t_comm_s"].get<double>()).epsilon(1e-9));
}

TEST_CASE("round trip on a rate: serving tokens/s (compute-bound iteration) and the request overhead of a short TTFT") {
  round_trip(kServing, "efficiency.compute", 0.55, "serving.tokens_per_s");
  // The 3 ms request overhead dominates a 64-token prefill of a 124 M-parameter model.
  json short_prompt = {{"model", "GPT2_Small"}, {"hardware", "H100"}, {"seq_len", 64}};
  json set = short_prompt;
  set["serving"]["request_overhead_s"] = 5e-3;
  const double ttft = solve_ok(set)["serving"]["ttft_s"].get<double>();
  short_prompt["calibration"] = {{"metric", "serving.ttft_s"}, {"measured", ttft}};
  const json r = solve_ok(short_prompt);
  CHECK(r["calibration"]["parameter"] == "serving.request_overhead_s");
  CHECK(r["calibration"]["to"].get<double>() == doctest::Approx(5e-3).epsilon(1e-9));
}

TEST_CASE("the calibrated parameter is held fixed by the bands") {
  json cal = kDecode;
  const double itl = solve_ok(kDecode)["serving"]["itl_s"].get<double>();
  cal["calibration"] = {{"metric", "serving.itl_s"}, {"measured", itl * 1.1}};
  const json a = solve_ok(kDecode)["bands"]["serving.itl_s"];
  const json r = solve_ok(cal);
  const json b = r["bands"]["serving.itl_s"];
  CHECK(b[1].get<double>() - b[0].get<double>() < 0.5 * (a[1].get<double>() - a[0].get<double>()));
  CHECK(b[0].get<double>() <= r["serving"]["itl_s"].get<double>());
  CHECK(r["serving"]["itl_s"].get<double>() == doctest::Approx(itl * 1.1).epsilon(1e-12));
}

TEST_CASE("measured as a unit string: '12.5 ms', '1650 tokens/s', '45%'") {
  json a = kDecode, b = kDecode;
  a["calibration"] = {{"metric", "serving.itl_s"}, {"measured", "12.5 ms"}};
  b["calibration"] = {{"metric", "serving.itl_s"}, {"measured", 0.0125}};
  CHECK(solve_ok(a)["calibration"]["to"] == solve_ok(b)["calibration"]["to"]);
  json c = kServing, d = kServing;
  c["calibration"] = {{"metric", "serving.tokens_per_s"}, {"measured", "1650 tokens/s"}};
  d["calibration"] = {{"metric", "serving.tokens_per_s"}, {"measured", 1650}};
  CHECK(solve_ok(c)["calibration"]["to"] == solve_ok(d)["calibration"]["to"]);
  CHECK(solve_ok(d)["calibration"]["unit"] == "tokens/s");
  json e = kServing;
  e["calibration"] = {{"metric", "performance.mfu"}, {"measured", "30%"}};
  CHECK(solve_ok(e)["calibration"]["measured"].get<double>() == doctest::Approx(0.3));
}

TEST_CASE("a measurement the parameter cannot reach: a warning at calibration.measured, nothing changed") {
  json cal = kServing;
  cal["calibration"] = {{"metric", "serving.tokens_per_s"}, {"measured", 9000}};
  const json r = solve_ok(cal);
  const json plain = solve_ok(kServing);
  CHECK(has_warning(r, "CALIBRATION_UNREACHABLE"));
  bool named = false;
  for (const auto& w : r["warnings"]) named = named || w.get<std::string>().find("calibration.measured = 9000 tokens/s") != std::string::npos;
  CHECK(named);
  CHECK(r["calibration"]["reached"] == false);
  CHECK(r["calibration"]["to"] == r["calibration"]["from"]);
  CHECK(r["calibration"]["note"].get<std::string>().find("cannot be reached") != std::string::npos);
  CHECK(r["serving"]["tokens_per_s"] == plain["serving"]["tokens_per_s"]);  // the result is the uncalibrated one
  CHECK(r["bands"] == plain["bands"]);
  // A metric that does not depend on the named parameter.
  json flat = kDecode;
  flat["calibration"] = {{"metric", "serving.itl_s"}, {"measured", 0.02}, {"parameter", "serving.request_overhead_s"}};
  const json f = solve_ok(flat);
  CHECK(f["calibration"]["reached"] == false);
  CHECK(f["calibration"]["note"].get<std::string>().find("does not depend on serving.request_overhead_s") != std::string::npos);
}

TEST_CASE("bad calibration input answers ok:false at the field, with the nearest names") {
  auto err = [](const json& calibration, const json& base = kDecode) {
    json s = base;
    s["calibration"] = calibration;
    return solve_error(s);
  };
  json e = err({{"metric", "serving.tokens_per_sec"}, {"measured", 100}});
  CHECK(e["path"] == "calibration.metric");
  CHECK(e["message"].get<std::string>().find("did you mean serving.tokens_per_s") != std::string::npos);
  e = err({{"metric", "energy.energy_kwh"}, {"measured", 1}});
  CHECK(e["path"] == "calibration.metric");
  CHECK(e["message"].get<std::string>().find("derived from the performance model") != std::string::npos);
  e = err({{"measured", 1}});
  CHECK(e["path"] == "calibration.metric");
  CHECK(e["message"].get<std::string>().find("is required") != std::string::npos);
  e = err({{"metric", 3}, {"measured", 1}});
  CHECK(e["path"] == "calibration.metric");
  e = err({{"metric", "serving.itl_s"}});
  CHECK(e["path"] == "calibration.measured");
  CHECK(e["message"].get<std::string>().find("is required") != std::string::npos);
  for (const json& bad : {json("fast"), json(-3), json(0), json("5 GB"), json(true), json::array()}) {
    CAPTURE(bad.dump());
    e = err({{"metric", "serving.itl_s"}, {"measured", bad}});
    CHECK(e["path"] == "calibration.measured");
  }
  e = err({{"metric", "performance.mfu"}, {"measured", 1.5}});
  CHECK(e["message"].get<std::string>().find("(0, 1]") != std::string::npos);
  e = err({{"metric", "serving.tokens_per_s"}, {"measured", "1650 samples/s"}});
  CHECK(e["path"] == "calibration.measured");
  e = err({{"metric", "serving.itl_s"}, {"measured", 0.02}, {"parameter", "efficiency.memroy"}});
  CHECK(e["path"] == "calibration.parameter");
  CHECK(e["message"].get<std::string>().find("did you mean efficiency.memory") != std::string::npos);
  e = err(json::array());
  CHECK(e["path"] == "calibration");
  CHECK(e["message"].get<std::string>().find("must be an object") != std::string::npos);
}

TEST_CASE("a metric of another mode or workload is refused with the reason") {
  json s = kDecode;
  s["calibration"] = {{"metric", "training.step_time_s"}, {"measured", 1}};
  json e = solve_error(s);
  CHECK(e["path"] == "calibration.metric");
  CHECK(e["message"].get<std::string>().find("is a training output; this scenario's mode is 'inference'") != std::string::npos);
  json cnn = {{"model", "ResNet50"}, {"hardware", "A100"}, {"calibration", {{"metric", "serving.ttft_s"}, {"measured", 0.01}}}};
  e = solve_error(cnn);
  CHECK(e["message"].get<std::string>().find("decoder LLMs") != std::string::npos);
  json train = {{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"cluster", {{"dp", 8}}},
                {"batch_size", 64}, {"calibration", {{"metric", "serving.itl_s"}, {"measured", 0.01}}}};
  CHECK(solve_error(train)["message"].get<std::string>().find("mode 'training'") != std::string::npos);
  train["calibration"] = {{"metric", "training.samples_per_s"}, {"measured", 10}};
  CHECK(solve_error(train)["message"].get<std::string>().find("use training.tokens_per_s") != std::string::npos);
  train["calibration"] = {{"metric", "training.step_time_s"}, {"measured", 10}};
  train["training"]["search"] = true;
  CHECK(solve_error(train)["message"].get<std::string>().find("fixed layout") != std::string::npos);
}

TEST_CASE("unknown keys inside calibration warn UNKNOWN_FIELD with the nearest name (and a misspelt measured is missing)") {
  json s = kDecode;
  s["calibration"] = {{"metric", "serving.itl_s"}, {"measured", 0.02}, {"note", "mine"}};
  const json r = solve_ok(s);
  bool found = false;
  for (const auto& w : r["warnings"]) found = found || w.get<std::string>().rfind("UNKNOWN_FIELD: 'calibration.note'", 0) == 0;
  CHECK(found);
  s["calibration"] = {{"metric", "serving.itl_s"}, {"mesured", 0.02}};
  CHECK(solve_error(s)["path"] == "calibration.measured");
  // No calibration block, or null: no calibration result.
  CHECK(!solve_ok(kDecode).contains("calibration"));
  json n = kDecode;
  n["calibration"] = nullptr;
  CHECK(!solve_ok(n).contains("calibration"));
}

TEST_CASE("sweeps fit the measurement once at the scenario as given, then vary it with the fitted parameter") {
  json cal = kDecode;
  const double itl = solve_ok(kDecode)["serving"]["itl_s"].get<double>();
  cal["calibration"] = {{"metric", "serving.itl_s"}, {"measured", itl * 1.1}};
  const json fitted = solve_ok(cal);
  json explicit_ = kDecode;
  explicit_["efficiency"]["memory"] = fitted["calibration"]["to"];
  const std::vector<double> batches = {1, 2, 8};
  const json a = mlsysim::sweep(cal, "batch_size", batches), b = mlsysim::sweep(explicit_, "batch_size", batches);
  REQUIRE(a["ok"] == true);
  CHECK(a["itl_s"] == b["itl_s"]);
  CHECK(a["itl_s"][0].get<double>() == doctest::Approx(itl * 1.1).epsilon(1e-12));  // batch 1: the measurement
  CHECK(a["itl_s"][2].get<double>() > itl * 1.1);  // not refitted at every point
  const json g = mlsysim::sweep2d(cal, "batch_size", batches, "seq_len", {512, 2048});
  CHECK(g["itl_s"] == mlsysim::sweep2d(explicit_, "batch_size", batches, "seq_len", {512, 2048})["itl_s"]);
  CHECK(mlsysim::sweep(cal, "efficiency.compute", {0.5, 0.6})["itl_s"] == mlsysim::sweep(explicit_, "efficiency.compute", {0.5, 0.6})["itl_s"]);
  // A bad calibration is the sweep's error too.
  json bad = kDecode;
  bad["calibration"] = {{"metric", "serving.itl"}, {"measured", 1}};
  CHECK(mlsysim::sweep(bad, "batch_size", batches)["error"]["path"] == "calibration.metric");
}
