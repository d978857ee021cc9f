#include "mlsysim/scenario.hpp"

#include <set>

#include "mlsysim/defaults.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

namespace {

// Top-level keys of schema 1 and the keys of the blocks modeled so far.
const std::set<std::string> kTopLevel = {"schema", "model", "hardware", "mode", "precision", "batch_size", "seq_len",
                                         "output_len", "cluster", "training", "traffic", "site", "efficiency",
                                         "memory", "serving", "quant", "network", "energy", "cost", "reliability"};
const std::set<std::string> kEfficiency = {"compute", "compute_lowp", "attention", "memory", "network", "overhead_s",
                                           "step_overhead_s", "dp_overlap", "tp_overlap", "cp_overlap",
                                           "moe_imbalance", "dequant_overhead"};
const std::set<std::string> kCluster = {"gpus", "gpus_per_node", "tp", "pp", "dp", "ep", "cp", "microbatches",
                                        "virtual_stages", "zero", "recompute", "fabric", "nics_per_node"};
const std::set<std::string> kMemory = {"usable_fraction", "reserve_bytes"};
const std::set<std::string> kServing = {"chunked_prefill", "page_tokens", "prefix_hit_ratio", "request_overhead_s",
                                        "speculative", "max_batched_tokens"};

void report_unknown(const json& obj, const std::set<std::string>& known, const std::string& prefix,
                    std::vector<std::string>& warnings) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!known.count(it.key())) {
      std::vector<std::string> names(known.begin(), known.end());
      warnings.push_back("UNKNOWN_FIELD: '" + join_path(prefix, it.key()) + "' is not a scenario field (ignored); did you mean " +
                         join(nearest_names(it.key(), names, 2), " or ") + "?");
    }
}

const json& block(const json& j, const char* key) {
  static const json empty = json::object();
  const json* b = field(j, key);
  if (!b) return empty;
  if (!b->is_object()) throw InputError(key, "must be an object");
  return *b;
}

// A number in (0, 1] for efficiencies ("must be in (0, 1] (got 1.5)").
double fraction(const json& blk, const char* key, const std::string& prefix, const DefaultValue& d) {
  const json* v = field(blk, key);
  if (!v) return d.value;
  const std::string path = join_path(prefix, key);
  const double x = read_number(*v, path);
  if (!(x > 0 && x <= 1)) throw InputError(path, "must be in (0, 1] (got " + format_number(x) + ")");
  return x;
}

double nonnegative(const json& blk, const char* key, const std::string& prefix, double fallback, double max = 1e6) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  const std::string path = join_path(prefix, key);
  const double x = read_number(*v, path);
  if (x < 0) throw InputError(path, "must be ≥ 0 (got " + format_number(x) + ")");
  if (x > max) throw InputError(path, "must be ≤ " + format_number(max) + " (got " + format_number(x) + ")");
  return x;
}

double count(const json& blk, const char* key, const std::string& prefix, double fallback, long long max = 1LL << 20) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  return static_cast<double>(read_count(*v, join_path(prefix, key), max));
}

}  // namespace

Scenario parse_scenario(const json& j, const Catalog& catalog) {
  if (!j.is_object()) throw InputError("", "a scenario must be a JSON object (got '" + describe(j) + "')");
  Scenario s;
  // 1. schema and unknown keys.
  if (const json* schema = field(j, "schema")) {
    const double v = read_number(*schema, "schema");
    if (v != 1)
      throw InputError("schema", "this simulator reads schema 1 (got " + format_number(v) +
                                     "); a newer link needs a newer version of the page");
  }
  report_unknown(j, kTopLevel, "", s.warnings);

  // 2. Input domains of the top-level values.
  const json* model = field(j, "model");
  if (!model) throw InputError("model", "is required: a catalog name (e.g. Llama3_70B) or a config.json object");
  const json* hardware = field(j, "hardware");
  if (!hardware) throw InputError("hardware", "is required: a catalog name (e.g. H100) or a device object");
  for (const auto& [key, v] : {std::pair<const char*, const json*>{"model", model}, {"hardware", hardware}})
    if (!(v->is_string() && !v->get<std::string>().empty()) && !v->is_object())
      throw InputError(key, "must be a non-empty name or an object (got '" + describe(*v) + "')");
  if (const json* m = field(j, "mode")) {
    s.mode = read_string(*m, "mode");
    if (s.mode != "inference" && s.mode != "serving" && s.mode != "training")
      throw InputError("mode", "must be one of inference, serving, training (got '" + s.mode + "')");
  }
  if (const json* p = field(j, "precision")) s.precision = read_string(*p, "precision");
  const PrecisionInfo& precision = find_precision(s.precision, "precision");
  s.precision = precision.name;
  const json* bs = field(j, "batch_size");
  if (bs) s.batch_size = static_cast<double>(read_count(*bs, "batch_size"));
  const json* sl = field(j, "seq_len");
  if (sl) s.seq_len = static_cast<double>(read_count(*sl, "seq_len", 1LL << 24));
  const json* ol = field(j, "output_len");
  if (ol) s.output_len = static_cast<double>(read_count(*ol, "output_len", 1LL << 24));
  const json& cluster = block(j, "cluster");
  const json& eff = block(j, "efficiency");
  const json& mem = block(j, "memory");
  const json& serving = block(j, "serving");
  for (const char* key : {"training", "traffic", "site", "quant", "network", "energy", "cost", "reliability"})
    if (field(j, key)) {
      block(j, key);
      s.warnings.push_back(std::string("NOT_MODELED: the '") + key +
                           "' block is accepted but not modeled in this version; its values do not change the result");
    }
  report_unknown(cluster, kCluster, "cluster", s.warnings);
  report_unknown(eff, kEfficiency, "efficiency", s.warnings);
  report_unknown(mem, kMemory, "memory", s.warnings);
  report_unknown(serving, kServing, "serving", s.warnings);

  // 3. Resolve names against the catalog (inline objects use the same parsers).
  s.workload = model->is_string() ? make_workload(catalog.model(model->get<std::string>(), "model"), "model", s.warnings)
                                  : make_inline_workload(*model, "model", s.warnings);
  s.device = hardware->is_string() ? catalog.device(hardware->get<std::string>(), "hardware")
                                   : parse_device(*hardware, "hardware");

  // 4. Defaults that depend on the workload.
  const bool llm = s.workload.is_transformer();
  if (!sl) s.seq_len = s.workload.default_seq_len > 0 ? s.workload.default_seq_len : defaults::kSeqLen.value;
  if (!ol) s.output_len = defaults::kOutputLen.value;
  if (s.mode != "inference")
    throw InputError("mode", "mode '" + s.mode + "' is not available in this version yet; use 'inference'");

  // 5. Precision (§A), then cluster degrees (§C.0).
  s.plan = resolve_precision(s.device, precision, "precision", s.warnings);
  s.tp = count(cluster, "tp", "cluster", 1);
  s.pp = count(cluster, "pp", "cluster", 1);
  s.dp = count(cluster, "dp", "cluster", 1);
  if (const json* g = field(cluster, "gpus")) {
    const double gpus = static_cast<double>(read_count(*g, "cluster.gpus"));
    const double tp_pp = s.tp * s.pp;
    if (std::fmod(gpus, tp_pp) != 0)
      throw InputError("cluster.gpus", "gpus=" + format_number(gpus) + " is not divisible by tp*pp = " + format_number(tp_pp));
    if (field(cluster, "dp") && tp_pp * s.dp != gpus)
      throw InputError("cluster.gpus", "tp*pp*dp = " + format_number(tp_pp * s.dp) + " does not equal gpus = " +
                                           format_number(gpus));
    s.dp = gpus / tp_pp;
  }
  if (field(cluster, "cp") && count(cluster, "cp", "cluster", 1) > 1)
    throw InputError("cluster.cp", "cp > 1 is only modeled in training mode");
  if (!llm)
    for (const char* key : {"tp", "pp", "ep"})
      if (count(cluster, key, "cluster", 1) > 1)
        throw InputError(std::string("cluster.") + key,
                         "tensor, pipeline, context and expert parallelism are modeled for transformer workloads only; use dp");
  if (s.tp > 1 || s.pp > 1)
    throw InputError(s.tp > 1 ? "cluster.tp" : "cluster.pp",
                     "tensor and pipeline parallel inference is not available in this version yet; use tp = pp = 1 "
                     "and cluster.dp for replicas");

  // 6. Efficiency (§C.1), memory (§D) and serving (§E) parameters.
  using namespace defaults;
  s.eff.compute = fraction(eff, "compute", "efficiency", kComputeEfficiency);
  s.eff.compute_lowp = fraction(eff, "compute_lowp", "efficiency", kLowPrecisionFactor);
  s.eff.attention = fraction(eff, "attention", "efficiency", kAttentionEfficiency);
  s.eff.memory = fraction(eff, "memory", "efficiency", kMemoryEfficiency);
  fraction(eff, "network", "efficiency", kMemoryEfficiency);  // validated now, used by §G
  s.eff.overhead_s = nonnegative(eff, "overhead_s", "efficiency", kLayerOverhead.value, 1.0);
  if (field(eff, "step_overhead_s")) {
    s.eff.step_overhead_s = nonnegative(eff, "step_overhead_s", "efficiency", 0, 10.0);
    s.eff.step_overhead_source = "scenario efficiency.step_overhead_s";
  } else if (s.device.dispatch_tax) {
    s.eff.step_overhead_s = *s.device.dispatch_tax;
    s.eff.step_overhead_source = "catalog " + s.device.name + " dispatch_tax: " + s.device.source;
  } else {
    s.eff.step_overhead_s = kStepOverhead.value;
    s.eff.step_overhead_source = kStepOverhead.source;
  }
  s.eff.dequant_overhead = nonnegative(eff, "dequant_overhead", "efficiency", kDequantOverhead.value, 10.0);
  s.eff.moe_imbalance = nonnegative(eff, "moe_imbalance", "efficiency", kMoeImbalance.value, 1e3);
  if (s.eff.moe_imbalance < 1)
    throw InputError("efficiency.moe_imbalance", "must be ≥ 1 (got " + format_number(s.eff.moe_imbalance) + ")");

  s.usable_fraction = fraction(mem, "usable_fraction", "memory", kUsableFraction);
  s.reserve_bytes = nonnegative(mem, "reserve_bytes", "memory", kReserveBytes.value, 1e15);
  s.page_tokens = count(serving, "page_tokens", "serving", kPageTokens.value);
  s.max_batched_tokens = count(serving, "max_batched_tokens", "serving", kMaxBatchedTokens.value);
  s.request_overhead_s = nonnegative(serving, "request_overhead_s", "serving", kRequestOverhead.value, 1e3);

  if (llm && s.workload.arch.max_positions > 0) {
    const double context = s.seq_len + (s.workload.kind == WorkloadKind::kDecoder ? s.output_len : 0);
    if (context > s.workload.arch.max_positions)
      s.warnings.push_back("CONTEXT_EXCEEDS_MODEL: seq_len + output_len = " + format_number(context) +
                           " exceeds the model's max_position_embeddings = " + format_number(s.workload.arch.max_positions));
  }
  return s;
}

}  // namespace mlsysim
