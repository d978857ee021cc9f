#include "mlsysim/report.hpp"

#include <cmath>

#include "mlsysim/error.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/precision.hpp"
#include "mlsysim/precision_plan.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

namespace {

constexpr int kSchema = 1;
constexpr size_t kMaxInputBytes = 4u << 20;  // 4 MiB of scenario text is far beyond any real config
constexpr int kMaxDepth = 64;                 // deeper nesting is rejected before parsing

json error_json(const std::string& path, const std::string& message) {
  return {{"schema", kSchema}, {"ok", false}, {"error", {{"path", path}, {"message", message}}}};
}

// Replace non-finite numbers by null and name them (MODELS.md §0 step 7).
void scrub(json& j, const std::string& path, std::vector<std::string>& warnings) {
  if (j.is_number_float() && !std::isfinite(j.get<double>())) {
    j = nullptr;
    warnings.push_back("NONFINITE: " + path + " has no finite value");
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) scrub(it.value(), path.empty() ? it.key() : path + "." + it.key(), warnings);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) scrub(j[i], path + "[" + std::to_string(i) + "]", warnings);
  }
}

json phase_json(const PhaseSummary& p) {
  return {{"t_compute_s", p.t_compute}, {"t_memory_s", p.t_memory}, {"time_s", p.time},
          {"arithmetic_intensity", p.intensity}, {"bottleneck", p.bottleneck}};
}

json ops_json(const PassCost& pass) {
  json ops = json::array();
  for (const auto& o : pass.ops)
    ops.push_back({{"name", o.name}, {"flops", o.flops}, {"bytes", o.bytes}, {"t_compute_s", o.t_compute},
                   {"t_memory_s", o.t_memory}, {"time_s", o.time()},
                   {"bound", o.t_compute >= o.t_memory ? "compute" : "memory"}});
  return ops;
}

json result_json(const Scenario& s, const InferenceResult& r) {
  const Workload& w = s.workload;
  json workload = {{"name", w.name},
                   {"display_name", w.display_name},
                   {"kind", kind_name(w.kind)},
                   {"params", w.params},
                   {"active_params", w.active_params},
                   {"layers", w.layers}};
  if (w.is_transformer()) {
    workload["flops_per_sample"] = flops_per_token(w.arch, s.seq_len, w.kind == WorkloadKind::kDecoder);
    workload["flops_per_sample_unit"] = "token";
  } else {
    workload["flops_per_sample"] = w.flops_per_sample;
    workload["flops_per_sample_unit"] = "sample";
  }
  if (w.kind == WorkloadKind::kDecoder) {
    workload["kv_cache_bytes_per_token"] = kv_bytes_per_token(w.arch, s.plan.b_kv);
    workload["kv_cache_bytes_per_token_effective"] = r.memory.kv_bytes_per_sequence / (s.seq_len + s.output_len);
  }
  json device = {{"name", s.device.name},
                 {"display_name", s.device.display_name},
                 {"precision", s.precision},
                 {"peak_flops", s.plan.peak},
                 {"memory_bandwidth", s.device.memory_bandwidth},
                 {"memory_capacity", s.device.memory_capacity}};
  json perf = {{"bottleneck", r.bottleneck},
               {"compute_bound_time_fraction", r.compute_bound_fraction},
               {"latency_s", r.latency_s},
               {"throughput_per_s", r.throughput_per_s},
               {"throughput_unit", r.throughput_unit},
               {"scope", r.scope},
               {"mfu", r.mfu},
               {"hfu", r.hfu},
               {"arithmetic_intensity", r.intensity},
               {"ridge_point", r.ridge},
               {"ridge_point_peak", r.ridge_peak},
               {"effective_flops", r.rates.gemm},
               {"effective_bandwidth", r.rates.bandwidth},
               {"t_compute_s", r.total.t_compute},
               {"t_memory_s", r.total.t_memory},
               {"t_comm_s", 0.0},
               {"overhead_s", r.overhead_s},
               {"overhead_fraction", r.overhead_fraction},
               {"busy_fraction", r.busy_fraction},
               {"flops", r.total.flops},
               {"bytes", r.total.bytes},
               {"precision_plan", {{"weights", s.plan.weights}, {"activations", s.plan.activations},
                                   {"kv", s.plan.kv}, {"compute", s.plan.compute}}},
               {"crossover_batch", r.crossover_batch ? json(*r.crossover_batch) : json(nullptr)},
               {"operators", ops_json(r.total)}};
  if (r.prefill) perf["phases"] = {{"prefill", phase_json(*r.prefill)}, {"decode", phase_json(*r.decode)}};
  json sweep = json::array();
  for (const auto& p : r.sweep)
    sweep.push_back({{"batch", p.batch}, {"latency_s", p.latency_s}, {"throughput_per_s", p.throughput_per_s},
                     {"arithmetic_intensity", p.intensity}, {"flops", p.flops}, {"bytes", p.bytes},
                     {"bottleneck", p.bottleneck}, {"compute_bound", p.compute_bound}, {"fits", p.fits}});
  perf["sweep"] = sweep;
  const auto& m = r.memory;
  json memory = {{"required_bytes", m.breakdown.required()},
                 {"capacity_bytes", m.capacity},
                 {"usable_bytes", m.usable},
                 {"fits", m.fits},
                 {"max_batch", m.max_batch},
                 {"breakdown", {{"weights", m.breakdown.weights}, {"kv_cache", m.breakdown.kv_cache},
                                {"workspace", m.breakdown.workspace}, {"reserve", m.breakdown.reserve}}}};
  json out = {{"schema", kSchema}, {"ok", true}, {"mode", s.mode}, {"workload", workload}, {"device", device},
              {"performance", perf}, {"memory", memory}};
  if (r.decoder) {
    const auto& d = *r.decoder;
    out["serving"] = {{"ttft_s", d.ttft},
                      {"itl_s", d.decode_step},
                      {"request_latency_s", d.request_latency},
                      {"tokens_per_s", d.tokens_per_s},
                      {"tokens_per_s_per_gpu", d.tokens_per_s / (s.dp * s.tp * s.pp)},
                      {"prefill_s", d.prefill},
                      {"decode_step_s", d.decode_step},
                      {"kv_cache_bytes_per_token", kv_bytes_per_token(w.arch, s.plan.b_kv)},
                      {"kv_cache_bytes_per_seq", m.kv_bytes_per_sequence},
                      {"max_batch", m.max_batch}};
  }
  out["explain"] = to_json(r.explain);
  return out;
}

int nesting_depth(const std::string& text) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

// Parses untrusted text with bounded size and depth; errors are InputError at the root.
json parse_text(const std::string& text) {
  if (text.size() > kMaxInputBytes)
    throw InputError("", "scenario text is " + std::to_string(text.size()) + " bytes; at most " +
                             std::to_string(kMaxInputBytes) + " are accepted");
  if (nesting_depth(text) > kMaxDepth)
    throw InputError("", "scenario JSON nests deeper than " + std::to_string(kMaxDepth) + " levels");
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    const auto pos = what.find("parse error");
    throw InputError("", "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  }
}

template <class F>
json guarded(F&& body) {
  try {
    return body();
  } catch (const InputError& e) {
    return error_json(e.path(), e.what());
  } catch (const std::exception& e) {
    return error_json("", std::string("internal error: ") + e.what());
  } catch (...) {
    return error_json("", "internal error");
  }
}

}  // namespace

json solve(const json& scenario) {
  return guarded([&] {
    Scenario s = parse_scenario(scenario, Catalog::builtin());
    InferenceResult r = solve_inference(s);
    json out = result_json(s, r);
    std::vector<std::string> warnings = s.warnings;
    scrub(out, "", warnings);
    out["warnings"] = warnings;
    return out;
  });
}

std::string solve_text(const std::string& scenario_json) {
  return guarded([&] { return solve(parse_text(scenario_json)); }).dump();
}

json catalog_summary() {
  return guarded([&] {
    const Catalog& c = Catalog::builtin();
    json hw = json::array(), models = json::array(), regions = json::array(), precs = json::array();
    for (const auto& d : c.devices()) {
      json e = {{"name", d.name}, {"display_name", d.display_name}, {"category", d.category},
                {"aliases", d.aliases}, {"precisions", runnable_precisions(d)}, {"peak_flops", d.peak_flops},
                {"peak_precision", d.peak_precision}, {"precision_flops", d.precision_flops},
                {"memory_capacity", d.memory_capacity}, {"memory_capacity_text", d.capacity_text},
                {"memory_bandwidth", d.memory_bandwidth}, {"source", d.source}};
      if (d.tdp) e["tdp"] = *d.tdp;
      if (d.dispatch_tax) e["dispatch_tax"] = *d.dispatch_tax;
      hw.push_back(e);
    }
    for (const auto& m : c.models()) {
      std::vector<std::string> ignored;
      json e = {{"name", m.name}, {"display_name", m.display_name}, {"kind", m.kind}, {"aliases", m.aliases},
                {"source", m.source}};
      try {
        Workload w = make_workload(m, "model", ignored);
        e["params"] = w.params;
        e["active_params"] = w.active_params;
      } catch (const InputError&) {
      }
      models.push_back(e);
    }
    for (const auto& r : c.regions())
      regions.push_back({{"name", r.name}, {"display_name", r.display_name},
                         {"carbon_intensity_g_per_kwh", r.carbon_intensity * 1e3 * 3.6e6}, {"pue", r.pue},
                         {"source", r.source}});
    for (const auto& p : precisions()) precs.push_back(p.name);
    return json{{"schema", kSchema}, {"ok", true}, {"hardware", hw}, {"models", models}, {"regions", regions},
                {"precisions", precs}};
  });
}

std::string catalog_text() { return catalog_summary().dump(); }

json sweep(const json& scenario, const std::string& field_path, const std::vector<double>& values) {
  return guarded([&] {
    static const std::vector<std::string> allowed = {"batch_size", "seq_len", "output_len"};
    const bool efficiency = field_path.rfind("efficiency.", 0) == 0 && field_path.size() > 11;
    if (std::find(allowed.begin(), allowed.end(), field_path) == allowed.end() && !efficiency)
      throw InputError("field", "cannot sweep '" + field_path + "'; sweepable: batch_size, seq_len, output_len, efficiency.*");
    if (!scenario.is_object()) throw InputError("", "a scenario must be a JSON object");
    json lat = json::array(), thr = json::array(), ai = json::array(), cb = json::array(), fits = json::array();
    for (double v : values) {
      json point = scenario;
      if (efficiency) point["efficiency"][field_path.substr(11)] = v;
      else point[field_path] = v;
      Scenario s = parse_scenario(point, Catalog::builtin());
      InferenceResult r = evaluate_inference(s);
      lat.push_back(r.latency_s);
      thr.push_back(r.throughput_per_s);
      ai.push_back(r.intensity);
      const bool compute = r.decode ? r.decode->t_compute >= r.decode->t_memory : r.total.t_compute >= r.total.t_memory;
      cb.push_back(compute ? 1 : 0);
      fits.push_back(r.memory.fits ? 1 : 0);
    }
    return json{{"schema", kSchema}, {"ok", true}, {"field", field_path}, {"values", values}, {"latency_s", lat},
                {"throughput_per_s", thr}, {"arithmetic_intensity", ai}, {"compute_bound", cb}, {"fits", fits}};
  });
}

std::string sweep_text(const std::string& scenario_json, const std::string& field_path,
                       const std::vector<double>& values) {
  return guarded([&] { return sweep(parse_text(scenario_json), field_path, values); }).dump();
}

}  // namespace mlsysim
