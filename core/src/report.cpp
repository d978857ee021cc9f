#include "mlsysim/report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "mlsysim/bands.hpp"
#include "mlsysim/calibrate.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/defaults.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/memory.hpp"
#include "mlsysim/quantization.hpp"
#include "mlsysim/report_guard.hpp"
#include "mlsysim/serving.hpp"
#include "mlsysim/site_report.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/precision.hpp"
#include "mlsysim/precision_plan.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

using nlohmann::json;
using namespace report_guard;

namespace {


// Scenario field "detail": "full" (the default) writes the whole result; "summary" writes every
// headline figure, every warning and error, and leaves out the bulky parts below — tables, curves
// and traces the page draws only on demand. This list is the contract (README "Result detail").
using std::string_view_literals::operator""sv;
constexpr std::string_view kExplain[] = {"explain"sv};
constexpr std::string_view kOperators[] = {"performance"sv, "operators"sv};
constexpr std::string_view kPhaseOperators[] = {"performance"sv, "phases"sv, "*"sv, "operators"sv};
constexpr std::string_view kPhaseScope[] = {"performance"sv, "phases"sv, "*"sv, "operators_scope"sv};
constexpr std::string_view kSweep[] = {"performance"sv, "sweep"sv};
constexpr std::string_view kRegions[] = {"energy"sv, "regions"sv};
constexpr std::string_view kBreakdown[] = {"cost"sv, "breakdown"sv};
constexpr std::string_view kQueueCurve[] = {"queueing"sv, "curve"sv};
constexpr std::string_view kGoodputCurve[] = {"reliability"sv, "goodput_curve"sv};
constexpr std::string_view kGroups[] = {"training"sv, "network"sv, "groups"sv};
constexpr std::string_view kSearch[] = {"training"sv, "search"sv};
template <std::size_t N>
constexpr OmitRule rule(const std::string_view (&keys)[N]) {
  return {keys, N};
}
constexpr OmitRule kSummaryOmits[] = {rule(kExplain),      rule(kOperators),  rule(kPhaseOperators), rule(kPhaseScope),
                                      rule(kSweep),        rule(kRegions),    rule(kBreakdown),      rule(kQueueCurve),
                                      rule(kGoodputCurve), rule(kGroups),     rule(kSearch)};

// A writer for a result at the requested detail.
void apply_detail(JsonWriter& w, Detail detail) {
  if (detail == Detail::kSummary) w.omit(kSummaryOmits, std::size(kSummaryOmits));
}

std::string layer_type(const LayerTypeOps& l) {
  return std::string(l.moe ? "moe" : "dense") +
         (l.window > 0 ? ", sliding window " + format_number(l.window) : std::string(", global attention"));
}

void write_op_row(JsonWriter& w, const OpCost& o, const char* per, const std::string& type, double count) {
  w.begin_object().field("name", op_name(o.op)).field("per", per).field("layer_type", type).field("layer_count", count);
  w.field("flops", o.flops).field("bytes", o.bytes).field("t_compute_s", o.t_compute).field("t_memory_s", o.t_memory);
  w.field("time_s", o.time()).field("bound", o.t_compute >= o.t_memory ? "compute" : "memory").end_object();
}

void write_phase(JsonWriter& w, const PhaseSummary& p) {
  w.begin_object().field("t_compute_s", p.t_compute).field("t_memory_s", p.t_memory).field("t_comm_s", p.t_comm);
  w.field("time_s", p.time).field("flops", p.flops).field("bytes", p.bytes);
  w.field("arithmetic_intensity", p.intensity).field("bottleneck", p.bottleneck);
  const PassDetail& d = p.detail;
  if (!d.layer_types.empty()) {
    w.field("operators_scope",
            "rows with per = 'layer' are the cost of ONE layer of that layer_type (layer_count layers of it run per "
            "pass); rows with per = 'pass' (embedding, final norm, lm head) run once per pass");
    w.key("operators").begin_array();
    double layers = 0;
    for (const auto& l : d.layer_types) {
      layers += l.count;
      const std::string type = layer_type(l);
      for (const auto& o : l.ops) write_op_row(w, o, "layer", type, l.count);
    }
    if (d.allreduce_s > 0) {
      w.begin_object().field("name", "tp all-reduce (2 per layer)").field("per", "layer").field("layer_type", "all");
      w.field("layer_count", layers).field("flops", 0.0).field("bytes", 2 * d.allreduce_bytes);
      w.field("t_compute_s", 0.0).field("t_memory_s", 0.0).field("time_s", 2 * d.allreduce_s);
      w.field("bound", "communication").end_object();
    }
    for (const auto& o : d.once) write_op_row(w, o, "pass", "edges", 1);
    w.end_array();
  }
  w.end_object();
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

// §F: the quantization block, iff weights or KV are narrower than 16 bit. Ratios and speedups are
// against the baseline plan (quant.baseline, bf16 by default), evaluated on the same scenario.
void write_quantization(JsonWriter& w, const Scenario& s, const InferenceResult& r) {
  const PrecisionPlan& p = s.plan;
  if (format_bits(p.weights) >= 16 && format_bits(p.kv.empty() ? "bf16" : p.kv) >= 16) return;
  Scenario base = s;
  std::vector<std::string> ignored;
  bool base_ok = true;
  try {
    base.plan = resolve_precision(s.device, find_precision(s.quant.baseline, "quant.baseline"), "quant.baseline", ignored);
  } catch (const InputError&) {
    base_ok = false;  // the device cannot run the baseline: ratios of bytes only
    base.plan.b_w = format_bytes(s.quant.baseline, 0, 0);
    base.plan.b_kv = base.plan.b_w;
  }
  const MemoryModel base_mem = memory_model(base);
  const auto& m = r.memory.breakdown;
  const double base_kv = s.batch_size * base_mem.kv_per_sequence;
  w.key("quantization").begin_object();
  w.field("weights", p.weights).field("activations", p.activations).field("kv", p.kv).field("compute", p.compute);
  w.field("weight_only", p.weight_only).field("b_w", p.b_w).field("b_kv", p.b_kv);
  w.field("group_size", s.quant.group_size > 0 ? s.quant.group_size : 0.0).field("scale_bytes", s.quant.scale_bytes);
  w.field("quantize_lm_head", s.quant.quantize_lm_head);
  w.field("weight_bytes", m.weights).field("baseline", s.quant.baseline).field("baseline_b_w", base.plan.b_w);
  w.field("baseline_weight_bytes", base_mem.weights).field("weight_ratio", m.weights / base_mem.weights);
  w.field("compression_ratio", (base_mem.weights + base_kv) / (m.weights + m.kv_cache));
  if (base_ok) {
    if (s.mode == "serving") {
      const InferenceResult b = evaluate_serving(base, base_mem, s.batch_size);
      w.field("speedup_prefill", b.prefill->time / r.prefill->time);
      w.field("speedup_decode", b.decode->time / r.decode->time);
    } else {
      const InferenceResult b = evaluate_inference(base, base_mem, s.batch_size);
      if (r.prefill) {
        w.field("speedup_prefill", b.prefill->time / r.prefill->time);
        w.field("speedup_decode", b.decode->time / r.decode->time);
      } else {
        w.field("speedup", b.latency_s / r.latency_s);
      }
    }
  }
  const AccuracyPrior a = accuracy_prior(p, s.workload.kind == WorkloadKind::kCnn);
  w.key("accuracy_prior").begin_object().field("low_pts", a.low_pts).field("high_pts", a.high_pts);
  w.field("label", kAccuracyPriorLabel).key("rows").begin_array();
  for (const auto& row : a.rows) w.value(row);
  w.end_array().key("sources").begin_array();
  for (const auto& src : a.sources) w.value(src);
  w.end_array().field("source", "MODELS.md §F accuracy-cost table").end_object();
  w.end_object();
}

void write_header(JsonWriter& w, const Scenario& s, double kv_per_sequence) {
  const Workload& wl = s.workload;
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
    w.field("kv_cache_bytes_per_token_effective", kv_per_sequence / (s.seq_len + s.output_len));
  }
  w.end_object();

  w.key("device").begin_object().field("name", s.device.name).field("display_name", s.device.display_name);
  w.field("precision", s.precision).field("peak_flops", s.plan.peak);
  w.field("memory_bandwidth", s.device.memory_bandwidth).field("memory_capacity", s.device.memory_capacity);
  w.end_object();
}

void write_tail(JsonWriter& w, const Scenario& s, const std::vector<ExplainEntry>& explain) {
  w.key("explain");
  write_explain(w, explain);
  // Warnings last, so that non-finite values found above are named too.
  std::vector<std::string> warnings = s.warnings;
  for (const auto& path : w.nonfinite_paths()) warnings.push_back("NONFINITE: " + path + " has no finite value");
  w.key("warnings").begin_array();
  for (const auto& text : warnings) w.value(text);
  w.end_array().end_object();
}

// Mode "training": memory per GPU (§D.2) of the layout, then the step-time model (§H) and
// reliability (§I) — training_solve.cpp / training_report.cpp (issue 3/6).
std::string training_text(Scenario& s, Detail detail) {
  const TrainingSolution sol = solve_training(s);  // may apply the search winner to s
  const TrainingMemory& tm = sol.step.memory;
  const MemoryBreakdown& b = sol.step.memory_at;
  const double max_mb = tm.max_microbatch();
  const bool fits = sol.step.fits;
  JsonWriter w;
  apply_detail(w, detail);
  write_header(w, s, s.workload.kind == WorkloadKind::kDecoder
                         ? kv_bytes_per_sequence(s.workload.arch, s.seq_len + s.output_len, s.plan.b_kv, s.page_tokens)
                         : 0);
  w.key("memory").begin_object().field("required_bytes", b.required()).field("capacity_bytes", tm.capacity);
  w.field("usable_bytes", tm.usable).field("fits", fits).field("max_batch", max_mb * tm.sequences_per_mb);
  w.field("microbatch_size", tm.microbatch).field("max_microbatch_size", max_mb);
  w.field("microbatches", s.training.microbatches).field("params_per_gpu", tm.params_per_rank);
  w.field("optimizer", s.training.optimizer).field("zero", s.training.zero).field("recompute", s.training.recompute);
  w.key("breakdown").begin_object().field("weights", b.weights).field("gradients", b.gradients);
  w.field("optimizer", b.optimizer).field("activations", b.activations).field("logits", b.logits);
  w.field("reserve", b.reserve).end_object().end_object();
  write_training_blocks(w, s, sol);
  std::vector<ExplainEntry> site_explain;
  const SiteResults site = solve_site_training(s, sol, site_explain);  // issue 4/6: energy and cost of the run
  write_site_results(w, site);
  using namespace defaults;
  std::vector<ExplainEntry> e;
  e.push_back({"memory.required_bytes", "weights + gradients + optimizer + activations + logits + reserve",
               {{"weights", b.weights, "B", "P_st·b_wt (ZeRO-3: /n_z + 2 gathered layers)"},
                {"gradients", b.gradients, "B", "P_st·b_g (ZeRO ≥ 2: /n_z)"},
                {"optimizer", b.optimizer, "B", "P_st·o_b (ZeRO ≥ 1: /n_z)"},
                {"activations", b.activations, "B", "ℓ·n_if·stored_per_layer (cluster.recompute)"},
                {"logits", b.logits, "B", "T_mb·V_r·(logit_bytes + b_a)"},
                {"reserve", b.reserve, "B", s.reserve_source}, {"P_st", tm.params_per_rank, "params", s.workload.source},
                {"n_z", s.dp * s.cp, "ranks", "dp·cp"}},
               "MODELS.md §D.2"});
  e.push_back({"memory.max_batch", "largest b_mb with required ≤ U, times n_dp·m",
               {{"U", tm.usable, "B", kUsableFraction.source}, {"b_mb,max", max_mb, "sequences", ""},
                {"n_dp·m", tm.sequences_per_mb, "", ""}},
               "MODELS.md §D.2"});
  e.insert(e.end(), sol.explain.begin(), sol.explain.end());
  e.insert(e.end(), site_explain.begin(), site_explain.end());
  write_uncertainty(w, s, sol, site);  // issue 6/6: bands, accuracy classes, calibration (§M)
  write_tail(w, s, e);
  return w.take();
}

std::string result_text(const Scenario& s, const InferenceResult& r, const SiteResults* site, Detail detail) {
  const Workload& wl = s.workload;
  JsonWriter w;
  apply_detail(w, detail);
  write_header(w, s, r.memory.kv_bytes_per_sequence);

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
    if (r.iteration) {
      w.key("iteration");
      write_phase(w, *r.iteration);
    }
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
    w.key("serving").begin_object().field("ttft_s", d.ttft).field("itl_s", d.itl);
    w.field("request_latency_s", d.request_latency).field("tokens_per_s", d.tokens_per_s);
    w.field("tokens_per_s_per_gpu", d.tokens_per_s / s.gpus());
    w.field("prefill_s", d.prefill).field("decode_step_s", d.decode_step);
    w.field("kv_cache_bytes_per_token", kv_bytes_per_token(wl.arch, s.plan.b_kv));
    w.field("kv_cache_bytes_per_seq", m.kv_bytes_per_sequence).field("max_batch", m.max_batch);
    if (d.kv_utilization) w.field("kv_utilization", *d.kv_utilization);  // absent: no room for KV at all
    if (s.mode == "serving") {
      w.field("scheduler", s.serving.chunked_prefill ? "chunked prefill" : "not chunked");
      w.field("prefills_per_iteration", d.prefills_per_iteration).field("iteration_tokens", d.iteration_tokens);
      w.field("prefix_cached_tokens", d.cached_tokens);
    }
    if (d.spec_tokens_per_step) {
      w.field("spec_tokens_per_step", *d.spec_tokens_per_step).field("draft_step_s", *d.t_draft);
      w.field("verify_step_s", *d.t_verify);
    }
    w.end_object();
  }
  if (site) write_site_results(w, *site);  // issue 4/6: energy, cost, queueing
  write_quantization(w, s, r);
  write_uncertainty(w, s, r, site);  // issue 6/6: bands, accuracy classes, calibration (§M)
  write_tail(w, s, r.explain);
  return w.take();
}

std::string solve_parsed(const json& scenario) {
  const Detail detail = read_detail(scenario);
  Scenario s = parse_scenario(scenario, Catalog::builtin());
  apply_calibration(s);  // issue 6/6: fit the parameter a measurement names, before solving
  if (s.mode == "training") return training_text(s, detail);
  InferenceResult r = s.mode == "serving" ? solve_serving(s) : solve_inference(s);
  const SiteResults site = solve_site(s, r);  // issue 4/6: §J, §K, §L (appends warnings and explain)
  return result_text(s, r, &site, detail);
}

}  // namespace

json solve(const json& scenario) { return parse_json(guarded([&] { return solve_parsed(scenario); })); }

std::string solve_text(const std::string& scenario_json) {
  return guarded([&] { return solve_parsed(parse_text(scenario_json)); });
}

json catalog_summary() { return parse_json(catalog_text()); }

std::string catalog_text() {
  // The catalog never changes while the module runs: build its listing once.
  static const std::string text = guarded([&] {
    const Catalog& c = Catalog::builtin();
    JsonWriter w;
    w.begin_object().field("schema", kSchema).field("ok", true).key("hardware").begin_array();
    for (const auto& d : c.devices()) {
      w.begin_object().field("name", d.name).field("display_name", d.display_name).field("category", d.category);
      w.key("aliases").begin_array();
      for (const auto& a : d.aliases) w.value(a);
      w.end_array().key("precisions").begin_array();
      for (const auto& p : runnable_precisions(d)) w.value(p);
      w.end_array().field("peak_flops", d.peak_flops).field("peak_precision", d.peak_precision);
      w.key("precision_flops").begin_object();
      for (const auto& [k, v] : d.precision_flops) w.field(k, v);
      w.end_object().field("memory_capacity", d.memory_capacity).field("memory_capacity_text", d.capacity_text);
      w.field("memory_bandwidth", d.memory_bandwidth).field("source", d.source);
      if (d.tdp) w.field("tdp", *d.tdp);
      if (d.dispatch_tax) w.field("dispatch_tax", *d.dispatch_tax);
      w.end_object();
    }
    w.end_array().key("models").begin_array();
    for (const auto& m : c.models()) {
      w.begin_object().field("name", m.name).field("display_name", m.display_name).field("kind", m.kind);
      w.key("aliases").begin_array();
      for (const auto& a : m.aliases) w.value(a);
      w.end_array().field("source", m.source);
      std::vector<std::string> ignored;
      try {
        const Workload wl = make_workload(m, "model", ignored);
        w.field("params", wl.params).field("active_params", wl.active_params);
      } catch (const InputError&) {
      }
      w.end_object();
    }
    w.end_array().key("regions").begin_array();
    for (const auto& r : c.regions()) {
      w.begin_object().field("name", r.name).field("display_name", r.display_name);
      w.field("carbon_intensity_g_per_kwh", r.carbon_intensity * 1e3 * 3.6e6).field("pue", r.pue);
      w.field("source", r.source).end_object();
    }
    w.end_array().key("precisions").begin_array();
    for (const auto& p : precisions()) w.value(p.name);
    w.end_array().key("modes").begin_array();  // the modes this build models
    for (const char* m : {"inference", "serving", "training"}) w.value(m);
    w.end_array().end_object();
    return w.take();
  });
  return text;
}

}  // namespace mlsysim
