#include "mlsysim/report.hpp"

#include <cmath>

#include "mlsysim/error.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_writer.hpp"
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

std::string error_text(const std::string& path, const std::string& message) {
  JsonWriter w;
  w.begin_object().field("schema", kSchema).field("ok", false).key("error").begin_object();
  w.field("path", path).field("message", message).end_object().end_object();
  return w.take();
}

void write_phase(JsonWriter& w, const PhaseSummary& p) {
  w.begin_object().field("t_compute_s", p.t_compute).field("t_memory_s", p.t_memory).field("time_s", p.time);
  w.field("arithmetic_intensity", p.intensity).field("bottleneck", p.bottleneck).end_object();
}

void write_operators(JsonWriter& w, const PassCost& pass) {
  w.begin_array();
  for (const auto& o : pass.ops) {
    w.begin_object().field("name", op_name(o.op)).field("flops", o.flops).field("bytes", o.bytes);
    w.field("t_compute_s", o.t_compute).field("t_memory_s", o.t_memory).field("time_s", o.time());
    w.field("bound", o.t_compute >= o.t_memory ? "compute" : "memory").end_object();
  }
  w.end_array();
}

std::string result_text(const Scenario& s, const InferenceResult& r) {
  const Workload& wl = s.workload;
  JsonWriter w;
  w.begin_object().field("schema", kSchema).field("ok", true).field("mode", s.mode);

  w.key("workload").begin_object().field("name", wl.name).field("display_name", wl.display_name);
  w.field("kind", kind_name(wl.kind)).field("params", wl.params).field("active_params", wl.active_params);
  w.field("layers", wl.layers);
  if (wl.is_transformer()) {
    w.field("flops_per_sample", flops_per_token(wl.arch, s.seq_len, wl.kind == WorkloadKind::kDecoder));
    w.field("flops_per_sample_unit", "token");
  } else {
    w.field("flops_per_sample", wl.flops_per_sample).field("flops_per_sample_unit", "sample");
  }
  if (wl.kind == WorkloadKind::kDecoder) {
    w.field("kv_cache_bytes_per_token", kv_bytes_per_token(wl.arch, s.plan.b_kv));
    w.field("kv_cache_bytes_per_token_effective", r.memory.kv_bytes_per_sequence / (s.seq_len + s.output_len));
  }
  w.end_object();

  w.key("device").begin_object().field("name", s.device.name).field("display_name", s.device.display_name);
  w.field("precision", s.precision).field("peak_flops", s.plan.peak);
  w.field("memory_bandwidth", s.device.memory_bandwidth).field("memory_capacity", s.device.memory_capacity);
  w.end_object();

  w.key("performance").begin_object();
  w.field("bottleneck", r.bottleneck).field("compute_bound_time_fraction", r.compute_bound_fraction);
  w.field("latency_s", r.latency_s).field("throughput_per_s", r.throughput_per_s);
  w.field("throughput_unit", r.throughput_unit).field("scope", r.scope).field("mfu", r.mfu).field("hfu", r.hfu);
  w.field("arithmetic_intensity", r.intensity).field("ridge_point", r.ridge).field("ridge_point_peak", r.ridge_peak);
  w.field("effective_flops", r.rates.gemm).field("effective_bandwidth", r.rates.bandwidth);
  w.field("t_compute_s", r.total.t_compute).field("t_memory_s", r.total.t_memory).field("t_comm_s", r.total.t_comm);
  w.field("overhead_s", r.overhead_s).field("overhead_fraction", r.overhead_fraction);
  w.field("busy_fraction", r.busy_fraction).field("flops", r.total.flops).field("bytes", r.total.bytes);
  w.key("precision_plan").begin_object().field("weights", s.plan.weights).field("activations", s.plan.activations);
  w.field("kv", s.plan.kv).field("compute", s.plan.compute).end_object();
  w.key("crossover_batch");
  if (r.crossover_batch) w.value(*r.crossover_batch); else w.null();
  if (r.prefill) {
    w.key("phases").begin_object().key("prefill");
    write_phase(w, *r.prefill);
    w.key("decode");
    write_phase(w, *r.decode);
    w.end_object();
  }
  w.key("operators");
  write_operators(w, r.total);
  w.key("sweep").begin_array();
  for (const auto& p : r.sweep) {
    w.begin_object().field("batch", p.batch).field("latency_s", p.latency_s).field("throughput_per_s", p.throughput_per_s);
    w.field("arithmetic_intensity", p.intensity).field("flops", p.flops).field("bytes", p.bytes);
    w.field("bottleneck", p.bottleneck).field("compute_bound", p.compute_bound).field("fits", p.fits).end_object();
  }
  w.end_array().end_object();

  const auto& m = r.memory;
  w.key("memory").begin_object().field("required_bytes", m.breakdown.required()).field("capacity_bytes", m.capacity);
  w.field("usable_bytes", m.usable).field("fits", m.fits).field("max_batch", m.max_batch);
  w.key("breakdown").begin_object().field("weights", m.breakdown.weights).field("kv_cache", m.breakdown.kv_cache);
  w.field("workspace", m.breakdown.workspace).field("reserve", m.breakdown.reserve).end_object().end_object();

  if (r.decoder) {
    const auto& d = *r.decoder;
    w.key("serving").begin_object().field("ttft_s", d.ttft).field("itl_s", d.decode_step);
    w.field("request_latency_s", d.request_latency).field("tokens_per_s", d.tokens_per_s);
    w.field("tokens_per_s_per_gpu", d.tokens_per_s / (s.dp * s.tp * s.pp));
    w.field("prefill_s", d.prefill).field("decode_step_s", d.decode_step);
    w.field("kv_cache_bytes_per_token", kv_bytes_per_token(wl.arch, s.plan.b_kv));
    w.field("kv_cache_bytes_per_seq", m.kv_bytes_per_sequence).field("max_batch", m.max_batch).end_object();
  }
  w.key("explain");
  write_explain(w, r.explain);
  // Warnings last, so that non-finite values found above are named too.
  std::vector<std::string> warnings = s.warnings;
  for (const auto& path : w.nonfinite_paths()) warnings.push_back("NONFINITE: " + path + " has no finite value");
  w.key("warnings").begin_array();
  for (const auto& text : warnings) w.value(text);
  w.end_array().end_object();
  return w.take();
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
std::string guarded(F&& body) {
  try {
    return body();
  } catch (const InputError& e) {
    return error_text(e.path(), e.what());
  } catch (const std::exception& e) {
    return error_text("", std::string("internal error: ") + e.what());
  } catch (...) {
    return error_text("", "internal error");
  }
}

std::string solve_parsed(const json& scenario) {
  Scenario s = parse_scenario(scenario, Catalog::builtin());
  InferenceResult r = solve_inference(s);
  return result_text(s, r);
}

}  // namespace

json solve(const json& scenario) { return json::parse(guarded([&] { return solve_parsed(scenario); })); }

std::string solve_text(const std::string& scenario_json) {
  return guarded([&] { return solve_parsed(parse_text(scenario_json)); });
}

json catalog_summary() { return json::parse(catalog_text()); }

std::string catalog_text() {
  // The catalog never changes while the module runs: build its listing once.
  static const std::string text = guarded([&] {
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
                {"precisions", precs}, {"modes", {"inference"}}}  // the modes this build models
        .dump(-1, ' ', false, json::error_handler_t::replace);
  });
  return text;
}

namespace {
std::string sweep_parsed(const json& scenario, const std::string& field_path, const std::vector<double>& values) {
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
      InferenceResult r = evaluate_inference(s, memory_model(s), s.batch_size);
      lat.push_back(r.latency_s);
      thr.push_back(r.throughput_per_s);
      ai.push_back(r.intensity);
      const bool compute = r.decode ? r.decode->t_compute >= r.decode->t_memory : r.total.t_compute >= r.total.t_memory;
      cb.push_back(compute ? 1 : 0);
      fits.push_back(r.memory.fits ? 1 : 0);
    }
    return json{{"schema", kSchema}, {"ok", true}, {"field", field_path}, {"values", values}, {"latency_s", lat},
                {"throughput_per_s", thr}, {"arithmetic_intensity", ai}, {"compute_bound", cb}, {"fits", fits}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace

json sweep(const json& scenario, const std::string& field_path, const std::vector<double>& values) {
  return json::parse(guarded([&] { return sweep_parsed(scenario, field_path, values); }));
}

std::string sweep_text(const std::string& scenario_json, const std::string& field_path,
                       const std::vector<double>& values) {
  return guarded([&] { return sweep_parsed(parse_text(scenario_json), field_path, values); });
}

}  // namespace mlsysim
