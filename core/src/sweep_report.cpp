// Sweeps (DESIGN.md §3): one field of a scenario varied over a list of values (or two fields over a
// grid), each point solved by the same evaluators as solve(), written as arrays.
#include "mlsysim/report.hpp"

#include <cmath>

#include "mlsysim/calibrate.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/memory.hpp"
#include "mlsysim/report_guard.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/serving.hpp"

namespace mlsysim {

using nlohmann::json;
using namespace report_guard;

namespace {

// The point values a sweep reports, from one evaluation at the scenario's current fields.
struct PointValues {
  double latency = 0, throughput = 0, intensity = 0, ttft = 0, itl = 0, tokens = 0;
  bool compute_bound = false, fits = false, decoder = false;
};

PointValues evaluate_point(const Scenario& s, const MemoryModel& memory) {
  const InferenceResult r = s.mode == "serving" ? evaluate_serving(s, memory, s.batch_size)
                                                : evaluate_inference(s, memory, s.batch_size);
  PointValues v;
  v.latency = r.latency_s;
  v.throughput = r.throughput_per_s;
  v.intensity = r.intensity;
  v.compute_bound = r.decode ? r.decode->t_compute >= r.decode->t_memory : r.total.t_compute >= r.total.t_memory;
  v.fits = r.memory.fits;
  if (r.decoder) {
    v.decoder = true;
    v.ttft = r.decoder->ttft;
    v.itl = r.decoder->itl;
    v.tokens = r.decoder->tokens_per_s;
  }
  return v;
}

const std::vector<std::string> kShapeFields = {"batch_size", "seq_len", "output_len"};

bool is_shape_field(const std::string& f) {
  return std::find(kShapeFields.begin(), kShapeFields.end(), f) != kShapeFields.end();
}

// Sets a shape field on a parsed scenario, validated like the scenario field itself.
void set_shape(Scenario& s, const std::string& field_path, double v) {
  const long long max = field_path == "batch_size" ? (1LL << 20) : (1LL << 24);
  const double x = static_cast<double>(read_count(json(v), field_path, max));
  if (field_path == "batch_size") s.batch_size = x;
  else if (field_path == "seq_len") s.seq_len = x;
  else s.output_len = x;
}

Scenario parse_for_sweep(const json& scenario) {
  if (!scenario.is_object()) throw InputError("", "a scenario must be a JSON object");
  read_detail(scenario);  // validated like solve's, though a sweep's output has one shape
  Scenario s = parse_scenario(scenario, Catalog::builtin());
  if (s.mode == "training")
    throw InputError("mode", "sweeps need mode 'inference' or 'serving'; training step time arrives with issue 3/6");
  return s;
}

void write_arrays(JsonWriter& w, const std::vector<PointValues>& pts) {
  auto array = [&](const char* key, auto get) {
    w.key(key).begin_array();
    for (const auto& p : pts) w.value(get(p));
    w.end_array();
  };
  array("latency_s", [](const PointValues& p) { return p.latency; });
  array("throughput_per_s", [](const PointValues& p) { return p.throughput; });
  array("arithmetic_intensity", [](const PointValues& p) { return p.intensity; });
  array("compute_bound", [](const PointValues& p) { return p.compute_bound ? 1 : 0; });
  array("fits", [](const PointValues& p) { return p.fits ? 1 : 0; });
  if (!pts.empty() && pts.front().decoder) {
    array("ttft_s", [](const PointValues& p) { return p.ttft; });
    array("itl_s", [](const PointValues& p) { return p.itl; });
    array("tokens_per_s", [](const PointValues& p) { return p.tokens; });
  }
}

std::string sweep_parsed(const json& given, const std::string& field_path, const std::vector<double>& values) {
  const json scenario = fitted_scenario(given);  // issue 6/6: a measurement is fitted once, then the sweep varies
  const bool efficiency = field_path.rfind("efficiency.", 0) == 0 && field_path.size() > 11;
  if (!is_shape_field(field_path) && !efficiency)
    throw InputError("field", "cannot sweep '" + field_path + "'; sweepable: batch_size, seq_len, output_len, efficiency.*");
  std::vector<PointValues> pts;
  pts.reserve(values.size());
  if (efficiency) {
    // Efficiencies are validated by the parser: re-parse per point (a handful of values).
    if (!scenario.is_object()) throw InputError("", "a scenario must be a JSON object");
    for (double v : values) {
      json point = scenario;
      point["efficiency"][field_path.substr(11)] = v;
      const Scenario s = parse_for_sweep(point);
      pts.push_back(evaluate_point(s, memory_model(s)));
    }
  } else {
    // Shape fields: parse once, then change the field in place (no JSON per point).
    Scenario s = parse_for_sweep(scenario);
    const bool batch_only = field_path == "batch_size";
    const MemoryModel fixed = memory_model(s);
    for (double v : values) {
      set_shape(s, field_path, v);
      pts.push_back(evaluate_point(s, batch_only ? fixed : memory_model(s)));
    }
  }
  JsonWriter w;
  w.begin_object().field("schema", kSchema).field("ok", true).field("field", field_path).key("values").begin_array();
  for (double v : values) w.value(v);
  w.end_array();
  write_arrays(w, pts);
  w.end_object();
  return w.take();
}

std::string sweep2d_parsed(const json& given, const std::string& fx, const std::vector<double>& xs,
                           const std::string& fy, const std::vector<double>& ys) {
  const json scenario = fitted_scenario(given);  // issue 6/6: a measurement is fitted once, then the grid varies
  for (const auto& [f, path] : {std::pair<std::string, const char*>{fx, "field_x"}, {fy, "field_y"}})
    if (!is_shape_field(f))
      throw InputError(path, "cannot sweep '" + f + "' on a grid; sweepable: batch_size, seq_len, output_len");
  if (fx == fy) throw InputError("field_y", "must differ from field_x (got '" + fy + "' twice)");
  if (xs.size() * ys.size() > (1u << 20)) throw InputError("values", "a grid holds at most 1048576 points");
  Scenario s = parse_for_sweep(scenario);
  std::vector<PointValues> pts;
  pts.reserve(xs.size() * ys.size());
  for (double x : xs) {
    set_shape(s, fx, x);
    MemoryModel memory = memory_model(s);
    for (double y : ys) {
      set_shape(s, fy, y);
      if (fy != "batch_size") memory = memory_model(s);  // memory depends on seq_len and output_len only
      pts.push_back(evaluate_point(s, memory));
    }
  }
  JsonWriter w;
  w.begin_object().field("schema", kSchema).field("ok", true).field("field_x", fx).field("field_y", fy);
  w.field("layout", "row-major: index = i_x·len(values_y) + i_y");
  w.key("values_x").begin_array();
  for (double v : xs) w.value(v);
  w.end_array().key("values_y").begin_array();
  for (double v : ys) w.value(v);
  w.end_array();
  write_arrays(w, pts);
  w.end_object();
  return w.take();
}

}  // namespace

json sweep2d(const json& scenario, const std::string& field_x, const std::vector<double>& values_x,
             const std::string& field_y, const std::vector<double>& values_y) {
  return parse_json(guarded([&] { return sweep2d_parsed(scenario, field_x, values_x, field_y, values_y); }));
}

std::string sweep2d_text(const std::string& scenario_json, const std::string& field_x,
                         const std::vector<double>& values_x, const std::string& field_y,
                         const std::vector<double>& values_y) {
  return guarded([&] { return sweep2d_parsed(parse_text(scenario_json), field_x, values_x, field_y, values_y); });
}

json sweep(const json& scenario, const std::string& field_path, const std::vector<double>& values) {
  return parse_json(guarded([&] { return sweep_parsed(scenario, field_path, values); }));
}

std::string sweep_text(const std::string& scenario_json, const std::string& field_path,
                       const std::vector<double>& values) {
  return guarded([&] { return sweep_parsed(parse_text(scenario_json), field_path, values); });
}

}  // namespace mlsysim
