// Uncertainty bands and accuracy classes (MODELS.md §M): the corners, the bands in the result,
// user-set parameters held fixed, a hand calculation (W1), the class map, and the range table.
#include <doctest/doctest.h>

#include <cmath>

#include "mlsysim/bands.hpp"
#include "mlsysim/catalog.hpp"
#include "mlsysim/default_ranges.hpp"
#include "mlsysim/defaults.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/serving.hpp"
#include "mlsysim/site_report.hpp"
#include "mlsysim/training.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace mlsysim;

namespace {

// The value at a dotted path of a result ("serving.ttft_s"), or nullptr.
const json* at_path(const json& r, const std::string& path) {
  const json* node = &r;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return node;
}

// A grid over modes, workload kinds, precisions, MoE, weight-only quantization, TP, traffic and targets.
std::vector<json> grid() {
  std::vector<json> g;
  for (int b : {1, 16, 256}) g.push_back({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", b}});
  g.push_back({{"model", "BERT_Large"}, {"hardware", "T4"}, {"batch_size", 8}});
  for (const char* mode : {"inference", "serving"})
    for (int b : {1, 32}) {
      g.push_back({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"mode", mode}, {"batch_size", b}, {"precision", "bf16"}});
      g.push_back({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", mode}, {"batch_size", b}, {"precision", "bf16"},
                   {"cluster", {{"tp", 8}}}});
    }
  g.push_back({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"}, {"cluster", {{"tp", 2}}}});
  g.push_back({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"batch_size", 4}, {"precision", "int4"}});
  g.push_back({{"model", "DeepSeek_V3"}, {"hardware", "B200"}, {"batch_size", 8}, {"precision", "fp8"}});
  g.push_back({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"}, {"output_len", 256},
               {"cluster", {{"tp", 8}}}, {"traffic", {{"arrival_rate", 5.8}, {"slo_p99_s", 5}}}});
  g.push_back({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 32}, {"traffic", {{"arrival_rate", 300}, {"slo_p99_s", 0.1}}}});
  g.push_back({{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"}, {"batch_size", 64},
               {"seq_len", 4096}, {"cluster", {{"dp", 8}}}});
  g.push_back({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"}, {"batch_size", 1024},
               {"seq_len", 8192}, {"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}}},
               {"training", {{"tokens", 15e12}, {"target_days", 120}}}});
  g.push_back({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"}, {"batch_size", 256},
               {"seq_len", 4096}, {"cluster", {{"gpus", 64}, {"tp", 2}, {"ep", 8}, {"cp", 2}}}});
  g.push_back({{"model", "ResNet50"}, {"hardware", "A100"}, {"mode", "training"}, {"batch_size", 256}, {"cluster", {{"dp", 8}}}});
  return g;
}

std::vector<Band> bands_of(const json& scenario) {
  Scenario s = parse_scenario(scenario, Catalog::builtin());
  if (s.mode == "training") {
    const TrainingSolution sol = solve_training(s);
    std::vector<ExplainEntry> ignored;
    const SiteResults site = solve_site_training(s, sol, ignored);
    return compute_bands(s, sol, site);
  }
  InferenceResult r = s.mode == "serving" ? solve_serving(s) : solve_inference(s);
  const SiteResults site = solve_site(s, r);
  return compute_bands(s, r, &site);
}

bool integer_valued(const std::string& path) { return path.find("gpus_needed") != std::string::npos || path.find("replicas") != std::string::npos; }

}  // namespace

TEST_CASE("property: every banded output lies in its band, and the corners move the way §M says") {
  for (const json& sc : grid()) {
    CAPTURE(sc.dump());
    const json r = solve_ok(sc);
    REQUIRE(r.contains("bands"));
    REQUIRE(!r["bands"].empty());
    for (auto it = r["bands"].begin(); it != r["bands"].end(); ++it) {
      CAPTURE(it.key());
      const json* v = at_path(r, it.key());
      REQUIRE(v != nullptr);  // only outputs the result holds are banded
      REQUIRE(v->is_number());
      const double nominal = v->get<double>(), low = it.value()[0].get<double>();
      CHECK(low <= nominal);
      if (!it.value()[1].is_null()) CHECK(nominal <= it.value()[1].get<double>());
    }
    // Direction: times and counts grow at the pessimistic corner, rates and MFU shrink; both corners
    // move every continuous time or rate (each depends on at least the fixed overheads).
    for (const Band& b : bands_of(sc)) {
      CAPTURE(b.path);
      if (b.direction == 0) continue;
      REQUIRE(b.optimistic.has_value());
      const double pess = b.pessimistic ? *b.pessimistic : INFINITY;
      if (b.direction > 0) {
        CHECK(*b.optimistic <= b.nominal);
        CHECK(b.nominal <= pess);
      } else {
        CHECK(*b.optimistic >= b.nominal);
        CHECK(b.nominal >= pess);
      }
      if (!integer_valued(b.path)) {
        CHECK(*b.optimistic != b.nominal);
        CHECK(pess != b.nominal);
      }
      CHECK(b.low == std::min({b.nominal, *b.optimistic, pess}));
    }
  }
}

TEST_CASE("bands cover exactly the §M outputs the result holds") {
  const json inf = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 256}});
  std::vector<std::string> keys;
  for (auto it = inf["bands"].begin(); it != inf["bands"].end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"cost.usd_per_million_samples", "energy.carbon_kg", "energy.energy_kwh",
                                         "performance.latency_s", "performance.mfu", "performance.throughput_per_s"});
  const json srv = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"},
                             {"cluster", {{"tp", 8}}}, {"traffic", {{"arrival_rate", 2}, {"slo_p99_s", 10}}}});
  for (const char* p : {"serving.ttft_s", "serving.itl_s", "serving.request_latency_s", "serving.tokens_per_s",
                        "queueing.p99_s", "queueing.replicas_needed", "cost.usd_per_million_tokens"})
    CHECK_MESSAGE(srv["bands"].contains(p), p);
  CHECK(!srv["bands"].contains("queueing.p50_s"));  // not a §M banded output
  CHECK(!srv["bands"].contains("memory.required_bytes"));  // sizes and memory are unbanded
  const json trn = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"mode", "training"}, {"batch_size", 256},
                             {"cluster", {{"dp", 8}}}});
  CHECK(trn["bands"].contains("training.samples_per_s"));
  CHECK(!trn["bands"].contains("training.tokens_per_s"));
  CHECK(!trn["bands"].contains("training.gpus_needed"));  // no target_days: no gpus_needed, no band
  CHECK(trn["bands"].contains("cost.run_usd"));
}

TEST_CASE("W1 by hand: the ResNet-50 batch-256 latency band from the η_c, η_m, τ_L and τ_S ranges") {
  const json r = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 256}});
  const double F = r["performance"]["flops"].get<double>(), Y = r["performance"]["bytes"].get<double>();
  const double peak = 312e12, bw = 2039e9, tau_s = 15e-6, layers = 50;  // A100 catalog, dispatch_tax 15 µs
  // Pessimistic: η_c 0.45, η_m 0.65, τ_L 2e-5, τ_S ×2; optimistic: η_c 0.75, η_m 0.90, τ_L 0.5e-5, τ_S ×0.5.
  const double high = std::max(F / (peak * 0.45), Y / (bw * 0.65)) + layers * 2e-5 + 2 * tau_s;
  const double low = std::max(F / (peak * 0.75), Y / (bw * 0.90)) + layers * 0.5e-5 + 0.5 * tau_s;
  const json& band = r["bands"]["performance.latency_s"];
  CHECK(band[0].get<double>() == doctest::Approx(low).epsilon(1e-12));
  CHECK(band[1].get<double>() == doctest::Approx(high).epsilon(1e-12));
  CHECK(low == doctest::Approx(9.77e-3).epsilon(1e-3));    // W1 table: 9.77–15.98 ms
  CHECK(high == doctest::Approx(15.98e-3).epsilon(1e-3));
  // The optimistic corner is memory-bound (9.51 ms > 8.97 ms), the pessimistic one compute-bound.
  CHECK(Y / (bw * 0.90) > F / (peak * 0.75));
  const json& tp = r["bands"]["performance.throughput_per_s"];
  CHECK(tp[0].get<double>() == doctest::Approx(256 / high).epsilon(1e-12));
  CHECK(tp[1].get<double>() == doctest::Approx(256 / low).epsilon(1e-12));
}

TEST_CASE("W2 bands: TTFT 84–142 ms, ITL 15.2–23.2 ms, tokens/s 1 379–2 109") {
  const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"},
                           {"batch_size", 32}, {"seq_len", 2048}, {"output_len", 256}, {"cluster", {{"tp", 8}}}});
  const json& b = r["bands"];
  CHECK(b["serving.ttft_s"][0].get<double>() == doctest::Approx(0.084).epsilon(0.005));
  CHECK(b["serving.ttft_s"][1].get<double>() == doctest::Approx(0.142).epsilon(0.005));
  CHECK(b["serving.itl_s"][0].get<double>() == doctest::Approx(0.0152).epsilon(0.005));
  CHECK(b["serving.itl_s"][1].get<double>() == doctest::Approx(0.0232).epsilon(0.005));
  CHECK(b["serving.tokens_per_s"][0].get<double>() == doctest::Approx(1379).epsilon(0.001));
  CHECK(b["serving.tokens_per_s"][1].get<double>() == doctest::Approx(2109).epsilon(0.001));
}

TEST_CASE("parameters the scenario sets are held fixed: every one set collapses every band") {
  const json all_set = {{"compute", 0.6},      {"compute_lowp", 0.75}, {"attention", 0.5},   {"memory", 0.8},
                        {"network", 0.8},      {"overhead_s", 1e-5},   {"step_overhead_s", 1e-5},
                        {"dp_overlap", 0.8},   {"tp_overlap", 0.0},    {"cp_overlap", 0.8},  {"moe_imbalance", 1.0},
                        {"dequant_overhead", 0.15}};
  for (json sc : grid()) {
    sc["efficiency"] = all_set;
    sc["serving"]["request_overhead_s"] = 3e-3;
    CAPTURE(sc.dump());
    const json r = solve_ok(sc);
    REQUIRE(!r["bands"].empty());
    for (auto it = r["bands"].begin(); it != r["bands"].end(); ++it) {
      CAPTURE(it.key());
      const double nominal = at_path(r, it.key())->get<double>();
      CHECK(it.value()[0].get<double>() == nominal);
      CHECK(it.value()[1].get<double>() == nominal);
    }
  }
}

TEST_CASE("one parameter set explicitly removes only its own contribution") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 256}};
  json fixed = base;
  fixed["efficiency"]["compute"] = 0.6;  // the default value, now the user's
  const json a = solve_ok(base)["bands"]["performance.latency_s"];
  const json b = solve_ok(fixed)["bands"]["performance.latency_s"];
  const double wa = a[1].get<double>() - a[0].get<double>(), wb = b[1].get<double>() - b[0].get<double>();
  CHECK(wb < wa);  // compute-bound at the pessimistic corner: η_c was driving the high end
  CHECK(wb > 0);   // η_m, τ_L and τ_S still move it
  // By hand: with η_c = 0.6 held, the high end is max(F/(Π·0.6), Y/(BW·0.65)) + 50·2e-5 + 30e-6.
  const json r = solve_ok(fixed);
  const double F = r["performance"]["flops"].get<double>(), Y = r["performance"]["bytes"].get<double>();
  CHECK(b[1].get<double>() == doctest::Approx(std::max(F / (312e12 * 0.6), Y / (2039e9 * 0.65)) + 50 * 2e-5 + 30e-6).epsilon(1e-12));
}

TEST_CASE("corner_scenario: ranges applied, explicit parameters and the layout kept, links follow η_n") {
  Scenario s = parse_scenario(json{{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"},
                                   {"cluster", {{"tp", 8}}}, {"efficiency", {{"memory", 0.7}}}},
                              Catalog::builtin());
  const Scenario p = corner_scenario(s, Corner::kPessimistic), o = corner_scenario(s, Corner::kOptimistic);
  CHECK(p.eff.compute == 0.45);
  CHECK(o.eff.compute == 0.75);
  CHECK(p.eff.memory == 0.7);  // set in the scenario
  CHECK(o.eff.memory == 0.7);
  CHECK(p.eff.overhead_s == 2e-5);
  CHECK(o.eff.overhead_s == 0.5e-5);
  CHECK(p.eff.step_overhead_s == doctest::Approx(2 * s.eff.step_overhead_s));
  CHECK(p.request_overhead_s == 1e-2);
  CHECK(o.request_overhead_s == 1e-3);
  CHECK(p.eff.moe_imbalance == 1.3);
  CHECK(o.eff.dequant_overhead == 0.0);
  CHECK(p.tp_link.beta == doctest::Approx(s.tp_link.beta * 0.6 / 0.8).epsilon(1e-15));
  CHECK(o.tp_link.beta == doctest::Approx(s.tp_link.beta * 0.9 / 0.8).epsilon(1e-15));
  // A default outside its documented band widens the band to hold it (the nominal stays inside).
  s.eff.compute = 0.9;
  CHECK(corner_scenario(s, Corner::kOptimistic).eff.compute == 0.9);
  CHECK(corner_scenario(s, Corner::kPessimistic).eff.compute == 0.45);
}

TEST_CASE("a corner without a solution leaves the band open above (null), never NaN") {
  // W7 at 5 s SLO: the pessimistic request latency (6.06 s) alone exceeds the SLO → no replica count.
  const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "serving"}, {"precision", "bf16"},
                           {"output_len", 256}, {"cluster", {{"tp", 8}}},
                           {"traffic", {{"arrival_rate", 5.8}, {"slo_p99_s", 5}}}});
  const json& b = r["bands"]["queueing.replicas_needed"];
  CHECK(b[0].get<double>() <= r["queueing"]["replicas_needed"].get<double>());
  CHECK(b[1].is_null());
  CHECK(r["bands"]["serving.request_latency_s"][1].get<double>() > 5);
}

TEST_CASE("accuracy classes follow the §M table") {
  const json inf = solve_ok({{"model", "Llama3_8B"}, {"hardware", "A100"}, {"batch_size", 4}, {"precision", "int4"}});
  const json& a = inf["accuracy"];
  CHECK(a["workload.params"] == "exact");
  CHECK(a["memory.required_bytes"] == "exact");
  CHECK(a["memory.fits"] == "exact");
  CHECK(a["memory.max_batch"] == "exact");
  CHECK(a["serving.kv_cache_bytes_per_token"] == "exact");
  CHECK(a["performance.latency_s"] == "roofline");
  CHECK(a["performance.mfu"] == "roofline");
  CHECK(a["performance.crossover_batch"] == "roofline");
  CHECK(a["serving.ttft_s"] == "roofline");
  CHECK(a["serving.itl_s"] == "roofline");
  CHECK(a["serving.tokens_per_s"] == "composite");
  CHECK(a["energy.energy_kwh"] == "composite");
  CHECK(a["cost.tco_usd"] == "composite");
  CHECK(a["energy.carbon_embodied_kg"] == "prior");
  CHECK(a["quantization.accuracy_prior"] == "prior");
  CHECK(a["cost.capex_network_usd"] == "prior");
  const json trn = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                             {"batch_size", 1024}, {"seq_len", 8192}, {"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}}},
                             {"training", {{"tokens", 15e12}, {"target_days", 120}}}});
  const json& t = trn["accuracy"];
  CHECK(t["training.bubble_fraction"] == "exact");
  CHECK(t["training.step_time_s"] == "roofline");
  CHECK(t["training.tokens_per_s"] == "roofline");
  CHECK(t["training.time_to_train_s"] == "composite");
  CHECK(t["training.gpus_needed"] == "composite");
  CHECK(t["reliability.goodput"] == "composite");
  CHECK(!t.contains("serving.ttft_s"));
  const json q = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"traffic", {{"arrival_rate", 100}, {"slo_p99_s", 0.1}}}});
  CHECK(q["accuracy"]["queueing.p99_s"] == "composite");
  CHECK(q["accuracy"]["queueing.slo_attainment"] == "composite");
}

TEST_CASE("property: every accuracy path and every band path exists in the result; banded outputs are never 'exact'") {
  for (const json& sc : grid()) {
    CAPTURE(sc.dump());
    const json r = solve_ok(sc);
    for (auto it = r["accuracy"].begin(); it != r["accuracy"].end(); ++it) {
      CAPTURE(it.key());
      CHECK(at_path(r, it.key()) != nullptr);
      const std::string cls = it.value().get<std::string>();
      CHECK((cls == "exact" || cls == "roofline" || cls == "composite" || cls == "prior"));
    }
    for (auto it = r["bands"].begin(); it != r["bands"].end(); ++it) {
      CAPTURE(it.key());
      REQUIRE(r["accuracy"].contains(it.key()));
      CHECK(r["accuracy"][it.key()] != "exact");
    }
  }
}

TEST_CASE("default ranges: documented, sourced, bracketing today's defaults, one per §M parameter") {
  std::vector<const DefaultValue*> defaults = all_defaults();
  for (const auto* d : fleet_defaults()) defaults.push_back(d);
  CHECK(default_ranges().size() == 13);  // η_c η_lp η_attn η_m η_n τ_L τ_S φ_dp φ_tp φ_cp ρ_imb δ_dq request overhead
  for (const DefaultRange& r : default_ranges()) {
    CAPTURE(r.path);
    CHECK(r.low < r.high);
    CHECK(std::string(r.source).find("MODELS.md") != std::string::npos);
    CHECK(std::string(r.unit).size() > 0);
    const DefaultValue* d = nullptr;
    for (const auto* x : defaults)
      if (std::string(x->path) == r.path) d = x;
    REQUIRE_MESSAGE(d != nullptr, "a range brackets a default of defaults.cpp");
    const double v = r.relative ? 1.0 : d->value;
    CHECK(r.low <= v);  // if a recalibrated default leaves its band, MODELS.md §C.1 needs the new band
    CHECK(v <= r.high);
    CHECK(find_default_range(r.path) == &r);
  }
  CHECK(find_default_range("efficiency.nope") == nullptr);
}

TEST_CASE("training: OVERHEAD_DOMINATED and NEAR_RIDGE (§M) over the step") {
  const json base = {{"model", "Llama2_7B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                     {"batch_size", 64}, {"seq_len", 4096}, {"cluster", {{"dp", 8}}}};
  const json r0 = solve_ok(base);
  CHECK(!has_warning(r0, "OVERHEAD_DOMINATED"));
  CHECK(!has_warning(r0, "NEAR_RIDGE"));
  json slow = base;
  slow["efficiency"]["overhead_s"] = 0.01;  // 10 ms per layer per pass: the step is mostly overhead
  const json r1 = solve_ok(slow);
  CHECK(r1["performance"]["overhead_fraction"].get<double>() > 0.5);
  CHECK(has_warning(r1, "OVERHEAD_DOMINATED"));
  // Move the effective ridge to 1.1× the step's intensity (intensity does not depend on η_m).
  const double I = r0["performance"]["arithmetic_intensity"].get<double>(), ridge = r0["performance"]["ridge_point"].get<double>();
  json near = base;
  near["efficiency"]["memory"] = 0.8 * ridge / (1.1 * I);
  const json r2 = solve_ok(near);
  CHECK(r2["performance"]["ridge_point"].get<double>() == doctest::Approx(1.1 * I));
  CHECK(has_warning(r2, "NEAR_RIDGE"));
  near["efficiency"]["memory"] = 0.8 * ridge / (1.3 * I);  // 30% away: no warning
  CHECK(!has_warning(solve_ok(near), "NEAR_RIDGE"));
}
