#include "mlsysim/calibrate.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/bands.hpp"
#include "mlsysim/catalog.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/serving.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

using nlohmann::json;

namespace {

enum class Kind { kTime, kRate, kFraction };
enum class Where { kAny, kDecoder, kTraining };  // every mode / decoders outside training / training

struct Metric {
  const char* path;
  Kind kind;
  Where where;
};

// The headline outputs of §M a measurement may name: the ones the performance model computes
// directly (derived outputs — time to train, energy, cost, queueing — follow from these).
const Metric kMetrics[] = {
    {"performance.latency_s", Kind::kTime, Where::kAny},      {"performance.throughput_per_s", Kind::kRate, Where::kAny},
    {"performance.mfu", Kind::kFraction, Where::kAny},        {"serving.ttft_s", Kind::kTime, Where::kDecoder},
    {"serving.itl_s", Kind::kTime, Where::kDecoder},          {"serving.request_latency_s", Kind::kTime, Where::kDecoder},
    {"serving.tokens_per_s", Kind::kRate, Where::kDecoder},   {"training.step_time_s", Kind::kTime, Where::kTraining},
    {"training.tokens_per_s", Kind::kRate, Where::kTraining}, {"training.samples_per_s", Kind::kRate, Where::kTraining},
    {"training.mfu", Kind::kFraction, Where::kTraining},
};

// Banded outputs that are not calibration targets, and why.
const char* kDerived[] = {"training.time_to_train_s", "training.gpus_needed", "training.gpus_needed_first_order",
                          "energy.energy_kwh", "energy.carbon_kg", "cost.usd_per_million_tokens",
                          "cost.usd_per_million_samples", "cost.run_usd", "queueing.p99_s", "queueing.replicas_needed"};

// The parameters calibration fits, with their physical domains (the scenario's own validation).
struct Domain {
  const char* path;
  double lo, hi;
};
const Domain kDomains[] = {
    {"efficiency.compute", 1e-4, 1},        {"efficiency.memory", 1e-4, 1},     {"efficiency.network", 1e-4, 1},
    {"efficiency.attention", 1e-4, 1},      {"efficiency.compute_lowp", 1e-4, 1}, {"efficiency.overhead_s", 0, 1},
    {"efficiency.step_overhead_s", 0, 10},  {"serving.request_overhead_s", 0, 1e3},
};

const Metric* find_metric(const std::string& path) {
  for (const auto& m : kMetrics)
    if (path == m.path) return &m;
  return nullptr;
}

const Domain* find_domain(const std::string& path) {
  for (const auto& d : kDomains)
    if (path == d.path) return &d;
  return nullptr;
}

bool decoder(const Scenario& s) { return s.workload.kind == WorkloadKind::kDecoder; }

// The unit of a metric in this scenario ("s", "tokens/s", "samples/s", "fraction").
std::string unit_of(const Metric& m, const Scenario& s) {
  if (m.kind == Kind::kTime) return "s";
  if (m.kind == Kind::kFraction) return "fraction";
  const std::string path = m.path;
  if (path == "training.samples_per_s") return "samples/s";
  if (path == "training.tokens_per_s" || path == "serving.tokens_per_s") return "tokens/s";
  const bool tokens = s.mode == "training" ? s.workload.is_transformer() : decoder(s);
  return tokens ? "tokens/s" : "samples/s";
}

// A number with about four significant digits, for messages.
std::string sig(double v) {
  const double a = std::fabs(v);
  if (a == 0 || !std::isfinite(v)) return format_number(v);
  const int decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(a))), 0, 12);
  std::string t = format_fixed(v, decimals);
  if (t.find('.') != std::string::npos) {
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  return t;
}

std::string show(double v, const std::string& unit) {
  if (unit == "s") return format_seconds(v);
  if (unit == "fraction") return sig(v);
  return sig(v) + " " + unit;
}

// measured: a positive number in the metric's SI unit, or a string with its unit.
double read_measured(const json& j, const Metric& m, const std::string& unit) {
  const std::string path = "calibration.measured";
  const std::string want = m.kind == Kind::kTime ? "a time such as '115 ms' or a number of seconds"
                           : m.kind == Kind::kRate ? "a number of " + unit + " (or '1650 " + unit + "')"
                                                   : "a fraction in (0, 1] (or '45%')";
  double v = 0;
  if (j.is_number()) {
    v = read_number(j, path);
  } else if (j.is_string()) {
    std::string text = j.get<std::string>();
    try {
      if (m.kind == Kind::kTime) {
        v = parse_quantity_as(text, dim::time());
      } else {
        const std::string suffix = m.kind == Kind::kRate ? unit : "%";
        const size_t at = text.rfind(suffix);
        const bool has_suffix = at != std::string::npos && at + suffix.size() == text.size();
        if (!has_suffix) throw std::invalid_argument("");
        v = parse_quantity_as(text.substr(0, at), dim::none()) * (m.kind == Kind::kFraction ? 0.01 : 1);
      }
    } catch (const std::invalid_argument&) {
      throw InputError(path, "must be " + want + " (got '" + describe(j) + "')");
    }
  } else {
    throw InputError(path, "must be " + want + " (got '" + describe(j) + "')");
  }
  if (!(v > 0) || !std::isfinite(v)) throw InputError(path, "must be > 0 (got '" + describe(j) + "')");
  if (m.kind == Kind::kFraction && v > 1) throw InputError(path, "must be a fraction in (0, 1] (got '" + describe(j) + "')");
  return v;
}

// ---- Evaluating one metric (solvers only) ---------------------------------------------------------

struct Evaluator {
  const Scenario& s;
  const Metric& m;
  std::optional<MemoryModel> memory;  // inference/serving: independent of the fitted parameters

  Evaluator(const Scenario& sc, const Metric& me) : s(sc), m(me) {
    if (s.mode != "training") memory = memory_model(s);
  }

  InferenceResult pass(const Scenario& w) const {
    return w.mode == "serving" ? evaluate_serving(w, *memory, w.batch_size) : evaluate_inference(w, *memory, w.batch_size);
  }

  double value(const Scenario& w) const {
    const std::string p = m.path;
    if (w.mode == "training") {
      const TrainingContext ctx = training_context(w);
      const TrainingStep st = evaluate_training(ctx, w.layout());
      if (p == "performance.latency_s" || p == "training.step_time_s") return st.step_time_s;
      if (p == "performance.mfu" || p == "training.mfu") return st.mfu;
      return w.workload.is_transformer() ? st.tokens_per_s : st.samples_per_s;
    }
    const InferenceResult r = pass(w);
    if (p == "performance.latency_s") return r.latency_s;
    if (p == "performance.throughput_per_s") return r.throughput_per_s;
    if (p == "performance.mfu") return r.mfu;
    const DecoderTimes& d = *r.decoder;
    if (p == "serving.ttft_s") return d.ttft;
    if (p == "serving.itl_s") return d.itl;
    if (p == "serving.request_latency_s") return d.request_latency;
    return d.tokens_per_s;
  }
};

struct Governing {
  std::string parameter, why;
};

// The largest fixed overhead term in the metric, when overheads exceed half of it; otherwise the
// resource that bounds the phase the metric measures (§C.5 label).
Governing governing(const Scenario& s, const Evaluator& ev) {
  const std::string p = ev.m.path;
  const double layers = s.workload.is_transformer() ? s.workload.arch.L : s.workload.layers;
  double layer_term = layers * s.eff.overhead_s, step_term = s.eff.step_overhead_s, request_term = 0;
  double fraction = 0;
  std::string bound, phase;
  if (s.mode == "training") {
    const TrainingContext ctx = training_context(s);
    const TrainingStep st = evaluate_training(ctx, s.layout());
    layer_term = st.layout.microbatches * st.t_overhead;
    step_term = st.t_step_overhead;
    fraction = (layer_term + step_term) / st.step_time_s;
    bound = st.t_comm_exposed > st.t_compute_class && st.t_comm_exposed > st.t_memory_class ? "communication"
            : st.t_compute_class >= st.t_memory_class                                       ? "compute"
                                                                                            : "memory";
    phase = "training step";
  } else {
    const InferenceResult r = ev.pass(s);
    const bool serving = s.mode == "serving";
    if (p == "serving.ttft_s") {
      request_term = s.request_overhead_s;
      fraction = (layer_term + step_term + request_term) / r.decoder->ttft;
      bound = r.prefill->bottleneck;
      phase = "prefill";
    } else if (p == "serving.itl_s" || p == "serving.tokens_per_s") {
      const PhaseSummary& ph = serving ? *r.iteration : *r.decode;
      fraction = (layer_term + step_term) / r.decoder->itl;
      bound = ph.bottleneck;
      phase = serving ? "serving iteration" : "decode step";
    } else {
      // Whole-request figures: the request overhead counts once, the pass overheads once per pass.
      const double passes = r.decoder ? s.output_len : 1;
      if (r.decoder && !serving) request_term = s.request_overhead_s;
      if (p == "serving.request_latency_s") request_term = s.request_overhead_s;
      layer_term *= passes;
      step_term *= passes;
      fraction = r.overhead_fraction;
      bound = r.bottleneck;
      phase = r.scope;
    }
  }
  if (fraction > 0.5) {
    const std::string which = request_term >= layer_term && request_term >= step_term ? "serving.request_overhead_s"
                              : step_term > layer_term                                 ? "efficiency.step_overhead_s"
                                                                                       : "efficiency.overhead_s";
    return {which, "fixed overheads are " + std::to_string(static_cast<int>(std::round(fraction * 100))) + "% of the " +
                       phase + ", the largest being " + which};
  }
  const std::string param = bound == "compute" ? "efficiency.compute" : bound == "memory" ? "efficiency.memory"
                                                                                        : "efficiency.network";
  return {param, "the " + phase + " is " + bound + "-bound"};
}

}  // namespace

const std::vector<std::string>& calibration_metrics() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& m : kMetrics) v.push_back(m.path);
    return v;
  }();
  return names;
}

const std::vector<std::string>& calibration_parameters() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& d : kDomains) v.push_back(d.path);
    return v;
  }();
  return names;
}

CalibrationRequest parse_calibration(const json& block, Scenario& s) {
  if (!block.is_object()) throw InputError("calibration", "must be an object {metric, measured} (got '" + describe(block) + "')");
  detail::report_unknown_fields(block, {"metric", "measured", "parameter"}, "calibration", s.warnings);
  CalibrationRequest c;
  const json* metric = field(block, "metric");
  if (!metric) throw InputError("calibration.metric", "is required: one of " + join(calibration_metrics(), ", "));
  c.metric = read_string(*metric, "calibration.metric");
  const Metric* m = find_metric(c.metric);
  if (!m) {
    if (std::find(std::begin(kDerived), std::end(kDerived), c.metric) != std::end(kDerived))
      throw InputError("calibration.metric", "'" + c.metric + "' is derived from the performance model; calibrate one "
                                             "of its inputs instead: " + join(calibration_metrics(), ", "));
    throw InputError("calibration.metric", "unknown metric '" + c.metric + "'; did you mean " +
                                               join(nearest_names(c.metric, calibration_metrics(), 2), " or ") + "?");
  }
  const bool training = s.mode == "training";
  if (m->where == Where::kTraining && !training)
    throw InputError("calibration.metric", "'" + c.metric + "' is a training output; this scenario's mode is '" + s.mode + "'");
  if (m->where == Where::kDecoder && (training || !decoder(s)))
    throw InputError("calibration.metric", "'" + c.metric + "' is an output of decoder LLMs in mode inference or serving; this "
                                           "scenario is " + (training ? "mode 'training'" : "a " + std::string(kind_name(s.workload.kind)) + " workload"));
  const std::string path = c.metric;
  if ((path == "training.tokens_per_s" && !s.workload.is_transformer()) ||
      (path == "training.samples_per_s" && s.workload.is_transformer()))
    throw InputError("calibration.metric", "'" + c.metric + "' does not exist for this workload; use " +
                                               (s.workload.is_transformer() ? "training.tokens_per_s" : "training.samples_per_s"));
  if (training && s.training.search)
    throw InputError("calibration", "calibration needs a fixed layout: training.search picks the layout from the very "
                                    "efficiencies calibration fits (turn the search off and set the layout it found)");
  const json* measured = field(block, "measured");
  if (!measured) throw InputError("calibration.measured", "is required: the value you measured for " + c.metric);
  c.measured = read_measured(*measured, *m, unit_of(*m, s));
  if (const json* p = field(block, "parameter")) {
    c.parameter = read_string(*p, "calibration.parameter");
    if (!find_domain(c.parameter))
      throw InputError("calibration.parameter", "cannot fit '" + c.parameter + "'; did you mean " +
                                                    join(nearest_names(c.parameter, calibration_parameters(), 2), " or ") +
                                                    "? (fittable: " + join(calibration_parameters(), ", ") + ")");
  }
  c.unit = unit_of(*m, s);
  return c;
}

void apply_calibration(Scenario& s) {
  if (!s.calibration) return;
  CalibrationRequest& c = *s.calibration;
  const Metric& m = *find_metric(c.metric);
  const std::string& unit = c.unit;
  const Evaluator ev(s, m);
  const Governing g = c.parameter.empty() ? governing(s, ev) : Governing{c.parameter, "chosen in the scenario"};
  const Domain& d = *find_domain(g.parameter);
  c.fitted = g.parameter;
  c.done = true;
  c.from = parameter_value(s, g.parameter);
  c.predicted_before = ev.value(s);

  Scenario work = s;
  auto at = [&](double x) {
    set_parameter(work, g.parameter, x);
    return ev.value(work);
  };
  double a = d.lo, b = d.hi;
  const double fa = at(a) - c.measured, fb = at(b) - c.measured;
  if (fa == fb || fa * fb > 0) {
    const double lo = std::min(fa, fb) + c.measured, hi = std::max(fa, fb) + c.measured;
    const std::string range = "[" + sig(d.lo) + ", " + sig(d.hi) + "]";
    c.reached = false;
    c.to = c.from;
    c.predicted_after = c.predicted_before;
    c.note = lo == hi ? c.metric + " does not depend on " + g.parameter + " in this scenario; nothing was fitted"
                      : "the model gives " + c.metric + " between " + show(lo, unit) + " and " + show(hi, unit) + " for " +
                            g.parameter + " in " + range + ", so " + show(c.measured, unit) +
                            " cannot be reached; nothing was fitted (" + g.why + ")";
    s.warnings.push_back("CALIBRATION_UNREACHABLE: calibration.measured = " + show(c.measured, unit) + ": " + c.note);
    return;
  }
  // Bisection on the bracket (the metric is monotone in each parameter, §M), to double precision.
  const bool a_below = fb != 0 ? fb > 0 : fa < 0;  // the sign of f at a is the opposite of f at b
  for (int i = 0; i < 200 && b - a > 1e-15 * std::max(std::fabs(a), std::fabs(b)); ++i) {
    const double mid = 0.5 * (a + b);
    const double f = at(mid) - c.measured;
    if (f == 0) {
      a = b = mid;
      break;
    }
    if ((f < 0) == a_below) a = mid;
    else b = mid;
  }
  c.to = 0.5 * (a + b);
  c.reached = true;
  set_parameter(s, g.parameter, c.to);
  if (g.parameter == "efficiency.step_overhead_s") s.eff.step_overhead_source = "calibration: fitted to calibration.measured";
  if (!is_explicit(s, g.parameter)) s.explicit_parameters.push_back(g.parameter);  // a measured value has no band
  c.predicted_after = ev.value(s);
  c.note = g.why + ": " + g.parameter + " " + sig(c.from) + " → " + sig(c.to) + " makes " + c.metric + " " +
           show(c.predicted_after, unit) + " (was " + show(c.predicted_before, unit) + ")";
}

json fitted_scenario(const json& scenario) {
  if (!scenario.is_object() || !field(scenario, "calibration")) return scenario;
  Scenario s = parse_scenario(scenario, Catalog::builtin());
  apply_calibration(s);
  json out = scenario;
  out.erase("calibration");
  const CalibrationRequest& c = *s.calibration;
  if (c.reached) {
    const size_t dot = c.fitted.find('.');
    json& block = out[c.fitted.substr(0, dot)];
    if (!block.is_object()) block = json::object();
    block[c.fitted.substr(dot + 1)] = c.to;
  }
  return out;
}

void write_calibration(JsonWriter& w, const CalibrationRequest& c) {
  if (!c.done) return;
  w.key("calibration").begin_object().field("metric", c.metric).field("measured", c.measured);
  w.field("unit", c.unit);
  w.field("predicted_before", c.predicted_before).field("predicted_after", c.predicted_after);
  w.field("parameter", c.fitted).field("from", c.from).field("to", c.to).field("reached", c.reached);
  w.field("note", c.note).end_object();
}

}  // namespace mlsysim
