#include "mlsysim/bands.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "mlsysim/calibrate.hpp"
#include "mlsysim/default_ranges.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/quantization.hpp"
#include "mlsysim/serving.hpp"
#include "mlsysim/site_report.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

// ---- Parameters -------------------------------------------------------------------------------

double parameter_value(const Scenario& s, std::string_view p) {
  const Efficiency& e = s.eff;
  if (p == "efficiency.compute") return e.compute;
  if (p == "efficiency.compute_lowp") return e.compute_lowp;
  if (p == "efficiency.attention") return e.attention;
  if (p == "efficiency.memory") return e.memory;
  if (p == "efficiency.network") return e.network;
  if (p == "efficiency.overhead_s") return e.overhead_s;
  if (p == "efficiency.step_overhead_s") return e.step_overhead_s;
  if (p == "efficiency.dp_overlap") return s.training.dp_overlap;
  if (p == "efficiency.tp_overlap") return s.training.tp_overlap;
  if (p == "efficiency.cp_overlap") return s.training.cp_overlap;
  if (p == "efficiency.moe_imbalance") return e.moe_imbalance;
  if (p == "efficiency.dequant_overhead") return e.dequant_overhead;
  if (p == "serving.request_overhead_s") return s.request_overhead_s;
  return std::nan("");
}

void set_parameter(Scenario& s, std::string_view p, double v) {
  Efficiency& e = s.eff;
  if (p == "efficiency.compute") e.compute = v;
  else if (p == "efficiency.compute_lowp") e.compute_lowp = v;
  else if (p == "efficiency.attention") e.attention = v;
  else if (p == "efficiency.memory") e.memory = v;
  else if (p == "efficiency.network") {
    // Every link was built as β_peak·η_n (§G): rescale rather than rebuild.
    const double k = v / e.network;
    s.tp_link.beta *= k;
    s.network.intra.beta *= k;
    s.network.inter.beta *= k;
    e.network = v;
  } else if (p == "efficiency.overhead_s") e.overhead_s = v;
  else if (p == "efficiency.step_overhead_s") e.step_overhead_s = v;
  else if (p == "efficiency.dp_overlap") s.training.dp_overlap = v;
  else if (p == "efficiency.tp_overlap") s.training.tp_overlap = v;
  else if (p == "efficiency.cp_overlap") s.training.cp_overlap = v;
  else if (p == "efficiency.moe_imbalance") e.moe_imbalance = v;
  else if (p == "efficiency.dequant_overhead") e.dequant_overhead = v;
  else if (p == "serving.request_overhead_s") s.request_overhead_s = v;
}

bool is_explicit(const Scenario& s, std::string_view path) {
  return std::find(s.explicit_parameters.begin(), s.explicit_parameters.end(), path) != s.explicit_parameters.end();
}

Scenario corner_scenario(const Scenario& s, Corner corner) {
  Scenario c = s;
  c.warnings.clear();
  c.training.search = false;  // the corners keep the layout the nominal solve chose
  c.calibration.reset();
  // The corners need the point values only: no region comparison, no P99-vs-load curve.
  c.site.compare_regions = {c.site.region.name};
  if (c.traffic) c.traffic->curve = false;
  const bool pessimistic = corner == Corner::kPessimistic;
  for (const DefaultRange& r : default_ranges()) {
    if (is_explicit(s, r.path)) continue;
    const double v = parameter_value(s, r.path);
    const double lo = std::min(r.relative ? r.low * v : r.low, v), hi = std::max(r.relative ? r.high * v : r.high, v);
    set_parameter(c, r.path, pessimistic == r.slower_when_high ? hi : lo);
  }
  return c;
}

// ---- Banded outputs ---------------------------------------------------------------------------

namespace {

// The banded outputs of §M, in result order.
enum Out {
  kLatency, kThroughput, kMfu, kTtft, kItl, kRequestLatency, kServingTokens, kStepTime, kTrainTokens, kTrainSamples,
  kTrainMfu, kTimeToTrain, kGpusNeeded, kGpusFirstOrder, kEnergy, kCarbon, kUsdPerMTokens, kUsdPerMSamples, kRunUsd,
  kP99, kReplicasNeeded, kOutCount
};

struct OutSpec {
  const char* path;
  int direction;
};
constexpr std::array<OutSpec, kOutCount> kOuts = {{
    {"performance.latency_s", +1},      {"performance.throughput_per_s", -1}, {"performance.mfu", -1},
    {"serving.ttft_s", +1},             {"serving.itl_s", +1},                {"serving.request_latency_s", +1},
    {"serving.tokens_per_s", -1},       {"training.step_time_s", +1},         {"training.tokens_per_s", -1},
    {"training.samples_per_s", -1},     {"training.mfu", -1},                 {"training.time_to_train_s", +1},
    {"training.gpus_needed", +1},       {"training.gpus_needed_first_order", +1},
    {"energy.energy_kwh", 0},           {"energy.carbon_kg", 0},              {"cost.usd_per_million_tokens", 0},
    {"cost.usd_per_million_samples", 0}, {"cost.run_usd", 0},                {"queueing.p99_s", +1},
    {"queueing.replicas_needed", +1},
}};

// Which outputs a result holds, and their values (empty optional = null: no solution).
struct Outputs {
  std::array<bool, kOutCount> present{};
  std::array<std::optional<double>, kOutCount> value{};
  void set(Out o, std::optional<double> v) {
    present[o] = true;
    value[o] = v;
  }
};

void collect_site(Outputs& o, const SiteResults& site) {
  if (site.energy) {
    o.set(kEnergy, site.energy->f.energy_kwh);
    o.set(kCarbon, site.energy->f.carbon_kg());
  }
  if (site.cost) {
    const CostResult& c = *site.cost;
    if (c.units_per_year > 0) o.set(c.unit == "token" ? kUsdPerMTokens : kUsdPerMSamples, c.usd_per_million_units);
    if (c.run_usd) o.set(kRunUsd, *c.run_usd);
  }
  if (site.queueing) {
    const QueueResult& q = *site.queueing;
    o.set(kP99, q.stats.p99_s);
    if (q.slo_p99_s) o.set(kReplicasNeeded, q.replicas_needed);
  }
}

Outputs collect(const InferenceResult& r, const SiteResults* site) {
  Outputs o;
  o.set(kLatency, r.latency_s);
  o.set(kThroughput, r.throughput_per_s);
  o.set(kMfu, r.mfu);
  if (r.decoder) {
    o.set(kTtft, r.decoder->ttft);
    o.set(kItl, r.decoder->itl);
    o.set(kRequestLatency, r.decoder->request_latency);
    o.set(kServingTokens, r.decoder->tokens_per_s);
  }
  if (site) collect_site(o, *site);
  return o;
}

Outputs collect(const Scenario& s, const TrainingSolution& sol, const SiteResults& site) {
  Outputs o;
  const TrainingStep& st = sol.step;
  const bool tf = s.workload.is_transformer();
  o.set(kLatency, st.step_time_s);
  o.set(kThroughput, tf ? st.tokens_per_s : st.samples_per_s);
  o.set(kMfu, st.mfu);
  o.set(kStepTime, st.step_time_s);
  o.set(tf ? kTrainTokens : kTrainSamples, tf ? st.tokens_per_s : st.samples_per_s);
  o.set(kTrainMfu, st.mfu);
  o.set(kTimeToTrain, sol.time_to_train_s);
  if (sol.inverse.asked) {
    o.set(kGpusNeeded, sol.inverse.gpus_needed);
    o.set(kGpusFirstOrder, sol.inverse.gpus_needed_first_order);
  }
  collect_site(o, site);
  return o;
}

// The corner as the solvers see it: the pass at the scenario's batch and the site blocks.
Outputs evaluate_corner(const Scenario& s, Corner corner) {
  Scenario c = corner_scenario(s, corner);
  const MemoryModel memory = memory_model(c);
  InferenceResult r = c.mode == "serving" ? evaluate_serving(c, memory, c.batch_size)
                                          : evaluate_inference(c, memory, c.batch_size);
  const SiteResults site = solve_site(c, r);
  return collect(r, &site);
}

Outputs evaluate_training_corner(const Scenario& s, Corner corner) {
  Scenario c = corner_scenario(s, corner);
  const TrainingSolution sol = solve_training(c);
  std::vector<ExplainEntry> ignored;
  const SiteResults site = solve_site_training(c, sol, ignored);
  return collect(c, sol, site);
}

bool usable(const std::optional<double>& v) { return v && std::isfinite(*v); }

std::vector<Band> combine(const Outputs& nominal, const Outputs& pess, const Outputs& opt) {
  std::vector<Band> bands;
  for (int i = 0; i < kOutCount; ++i) {
    if (!nominal.present[i] || !usable(nominal.value[i])) continue;  // null outputs carry no band
    Band b{kOuts[i].path, kOuts[i].direction, *nominal.value[i], pess.value[i], opt.value[i], 0, std::nullopt};
    double lo = b.nominal, hi = b.nominal;
    bool bounded = true;
    for (const auto& v : {b.pessimistic, b.optimistic}) {
      if (!usable(v)) {
        bounded = false;  // no solution at that corner (unstable queue, unreachable deadline): unbounded above
        continue;
      }
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
    }
    b.low = lo;
    if (bounded) b.high = hi;
    bands.push_back(b);
  }
  return bands;
}

// ---- Accuracy classes (§M table) --------------------------------------------------------------

struct Shape {
  bool training = false, decoder = false, transformer = false, quantization = false, inverse = false;
  const SiteResults* site = nullptr;
};

void write_accuracy(JsonWriter& w, const Shape& sh) {
  constexpr const char* kExact = "exact";
  constexpr const char* kRoofline = "roofline";
  constexpr const char* kComposite = "composite";
  constexpr const char* kPrior = "prior";
  w.key("accuracy").begin_object();
  w.field("workload.params", kExact).field("workload.active_params", kExact).field("workload.flops_per_sample", kExact);
  if (sh.decoder) w.field("workload.kv_cache_bytes_per_token", kExact);
  w.field("performance.latency_s", kRoofline).field("performance.throughput_per_s", kRoofline);
  w.field("performance.mfu", kRoofline).field("performance.flops", kExact);
  if (!sh.training) w.field("performance.crossover_batch", kRoofline);
  w.field("memory.required_bytes", kExact).field("memory.breakdown", kExact).field("memory.fits", kExact);
  w.field("memory.max_batch", kExact);
  if (sh.decoder && !sh.training) {
    w.field("serving.ttft_s", kRoofline).field("serving.itl_s", kRoofline).field("serving.request_latency_s", kRoofline);
    w.field("serving.tokens_per_s", kComposite).field("serving.kv_cache_bytes_per_token", kExact);
    w.field("serving.kv_cache_bytes_per_seq", kExact).field("serving.max_batch", kExact);
  }
  if (sh.training) {
    w.field("training.step_time_s", kRoofline).field(sh.transformer ? "training.tokens_per_s" : "training.samples_per_s", kRoofline);
    w.field("training.mfu", kRoofline).field("training.bubble_fraction", kExact);
    w.field("training.time_to_train_s", kComposite).field("training.effective_time_to_train_s", kComposite);
    if (sh.inverse) w.field("training.gpus_needed", kComposite).field("training.gpus_needed_first_order", kComposite);
    w.field("reliability.checkpoint_bytes", kExact).field("reliability.goodput", kComposite);
  }
  if (sh.site && sh.site->energy) {
    w.field("energy.energy_kwh", kComposite).field("energy.carbon_kg", kComposite);
    w.field("energy.carbon_operational_kg", kComposite).field("energy.carbon_embodied_kg", kPrior);
    w.field("energy.water_l", kComposite);
  }
  if (sh.site && sh.site->cost) {
    const CostResult& c = *sh.site->cost;
    w.field("cost.tco_usd", kComposite);
    if (c.units_per_year > 0) w.field(c.unit == "token" ? "cost.usd_per_million_tokens" : "cost.usd_per_million_samples", kComposite);
    if (c.run_usd) w.field("cost.run_usd", kComposite);
    w.field("cost.capex_facility_usd", kPrior).field("cost.capex_network_usd", kPrior).field("cost.capex_storage_usd", kPrior);
  }
  if (sh.site && sh.site->queueing) {
    const QueueResult& q = *sh.site->queueing;
    w.field("queueing.p50_s", kComposite).field("queueing.p99_s", kComposite);
    if (q.slo_p99_s) w.field("queueing.slo_attainment", kComposite).field("queueing.replicas_needed", kComposite);
  }
  if (sh.quantization) w.field("quantization.weight_bytes", kExact).field("quantization.accuracy_prior", kPrior);
  w.end_object();
}

void write_bands(JsonWriter& w, const std::vector<Band>& bands) {
  w.key("bands").begin_object();
  for (const Band& b : bands) {
    w.key(b.path).begin_array().value(b.low);
    if (b.high) w.value(*b.high);
    else w.null();
    w.end_array();
  }
  w.end_object();
}

// The quantization block exists iff weights or KV are narrower than 16 bit (report.cpp, §F).
bool has_quantization(const PrecisionPlan& p) {
  return format_bits(p.weights) < 16 || format_bits(p.kv.empty() ? "bf16" : p.kv) < 16;
}

}  // namespace

std::vector<Band> compute_bands(const Scenario& s, const InferenceResult& r, const SiteResults* site) {
  return combine(collect(r, site), evaluate_corner(s, Corner::kPessimistic), evaluate_corner(s, Corner::kOptimistic));
}

std::vector<Band> compute_bands(const Scenario& s, const TrainingSolution& sol, const SiteResults& site) {
  return combine(collect(s, sol, site), evaluate_training_corner(s, Corner::kPessimistic),
                 evaluate_training_corner(s, Corner::kOptimistic));
}

void write_uncertainty(JsonWriter& w, const Scenario& s, const InferenceResult& r, const SiteResults* site) {
  write_bands(w, compute_bands(s, r, site));
  write_accuracy(w, {false, r.decoder.has_value(), s.workload.is_transformer(), has_quantization(s.plan), false, site});
  if (s.calibration) write_calibration(w, *s.calibration);
}

void write_uncertainty(JsonWriter& w, const Scenario& s, const TrainingSolution& sol, const SiteResults& site) {
  write_bands(w, compute_bands(s, sol, site));
  write_accuracy(w, {true, s.workload.kind == WorkloadKind::kDecoder, s.workload.is_transformer(), false,
                     sol.inverse.asked, &site});
  if (s.calibration) write_calibration(w, *s.calibration);
}

}  // namespace mlsysim
