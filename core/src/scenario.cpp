#include "mlsysim/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "mlsysim/calibrate.hpp"
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
                                         "memory", "serving", "quant", "network", "energy", "cost", "reliability",
                                         "calibration", "detail"};  // "detail" is read by report.cpp
const std::set<std::string> kEfficiency = {"compute", "compute_lowp", "attention", "memory", "network", "overhead_s",
                                           "step_overhead_s", "dp_overlap", "tp_overlap", "cp_overlap",
                                           "moe_imbalance", "dequant_overhead"};
const std::set<std::string> kCluster = {"gpus", "gpus_per_node", "tp", "pp", "dp", "ep", "cp", "microbatches",
                                        "virtual_stages", "zero", "recompute", "fabric", "nics_per_node",
                                        "pp_schedule", "sequence_parallel", "oversubscription"};
const std::set<std::string> kMemory = {"usable_fraction", "reserve_bytes"};
const std::set<std::string> kServing = {"chunked_prefill", "page_tokens", "prefix_hit_ratio", "request_overhead_s",
                                        "speculative", "max_batched_tokens"};
const std::set<std::string> kSpeculative = {"gamma", "acceptance_rate", "draft_model", "draft_cost_ratio"};
const std::set<std::string> kTraining = {"tokens", "samples", "target_days", "search", "search_top_k", "optimizer",
                                         "grad_bytes", "logit_bytes"};
const std::set<std::string> kQuant = {"weights", "activations", "kv", "group_size", "scale_bytes", "quantize_lm_head",
                                      "baseline"};
const std::set<std::string> kNetwork = {"hop_latency_s", "intra_hops", "extra_inter_hops", "algorithm"};

void report_unknown(const json& obj, const std::set<std::string>& known, const std::string& prefix,
                    std::vector<std::string>& warnings) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!known.count(it.key())) {
      std::vector<std::string> names(known.begin(), known.end());
      warnings.push_back("UNKNOWN_FIELD: '" + join_path(prefix, clip(it.key())) + "' is not a scenario field (ignored); did you mean " +
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


// §C.0 cluster degrees and their validation (all modes, in the order of the §C.0 table), and the
// scale-up link of §G that TP collectives run on.
void parse_cluster(Scenario& s, const json& cluster, const json& network, const json& eff, bool train) {
  using namespace defaults;
  s.tp = count(cluster, "tp", "cluster", 1);
  s.pp = count(cluster, "pp", "cluster", 1);
  s.cp = count(cluster, "cp", "cluster", 1);
  s.ep = count(cluster, "ep", "cluster", 1);
  s.dp = count(cluster, "dp", "cluster", 1);
  const std::string ranks = train ? "tp*pp*cp" : "tp*pp";
  const double group = train ? s.tp * s.pp * s.cp : s.tp * s.pp;
  if (const json* g = field(cluster, "gpus")) {
    const double gpus = static_cast<double>(read_count(*g, "cluster.gpus"));
    if (std::fmod(gpus, group) != 0)
      throw InputError("cluster.gpus", "gpus=" + format_number(gpus) + " is not divisible by " + ranks + " = " +
                                           format_number(group) +
                                           detail::nearest_valid("gpus", gpus, group, 1 << 24, [&](double d) {
                                             return std::fmod(d, group) == 0;
                                           }));
    if (field(cluster, "dp") && group * s.dp != gpus) {
      const std::string product =
          train ? format_number(s.tp) + "*" + format_number(s.pp) + "*" + format_number(s.cp) + "*" +
                      format_number(s.dp) + " = " + format_number(group * s.dp)
                : format_number(group * s.dp);
      throw InputError("cluster.gpus", ranks + "*dp = " + product + " does not equal gpus = " + format_number(gpus) +
                                           "; nearest valid dp: " + format_number(gpus / group) +
                                           " (or leave dp out: it is derived from gpus)");
    }
    s.dp = gpus / group;
  }
  if (s.cp > 1 && !train) throw InputError("cluster.cp", "cp > 1 is only modeled in training mode");
  const Workload& w = s.workload;
  if (!w.is_transformer())
    for (const char* key : {"tp", "pp", "cp", "ep"})
      if (count(cluster, key, "cluster", 1) > 1)
        throw InputError(std::string("cluster.") + key,
                         "tensor, pipeline, context and expert parallelism are modeled for transformer workloads only; use dp");
  // gpus_per_node: 8 for a device with a scale-up (NVLink-class) link, else min(N, 8) (§G).
  const double n_gpus = s.gpus();
  s.gpus_per_node = s.device.scale_up_bandwidth ? kGpusPerNode.value : std::min(n_gpus, kGpusPerNode.value);
  if (field(cluster, "gpus_per_node")) s.gpus_per_node = count(cluster, "gpus_per_node", "cluster", 8);
  const double g = s.gpus_per_node;
  if (w.is_transformer()) {
    const TransformerArch& t = w.arch;
    const double n_etp = s.tp;  // inference/serving with ep > 1 is rejected below
    bool dense_mlp = false;
    for (const auto& grp : t.groups) dense_mlp = dense_mlp || !grp.moe;
    // A tp that passes every tp row below (and fits one node outside training), for suggestions.
    const auto tp_ok = [&](double d) {
      return std::fmod(t.a, d) == 0 && (t.mla() || std::fmod(t.k, d) == 0 || std::fmod(d, t.k) == 0) &&
             (!dense_mlp || std::fmod(t.f, d) == 0) && !(t.E > 0 && t.E_s > 0 && std::fmod(t.f_s, d) != 0) &&
             !(t.E > 0 && std::fmod(t.f_e, d) != 0) && !(d <= g && std::fmod(g, d) != 0) && (train || d <= g);
    };
    const auto tp_hint = [&] { return detail::nearest_valid("tp", s.tp, 1, t.a, tp_ok); };
    if (std::fmod(t.a, s.tp) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " must divide num_attention_heads=" + format_number(t.a) +
                                         tp_hint());
    if (!t.mla() && std::fmod(t.k, s.tp) != 0 && std::fmod(s.tp, t.k) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " and num_key_value_heads=" + format_number(t.k) +
                                         " must divide one another" + tp_hint());
    if (dense_mlp && std::fmod(t.f, s.tp) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " must divide intermediate_size=" + format_number(t.f) +
                                         tp_hint());
    if (t.E > 0 && t.E_s > 0 && std::fmod(t.f_s, s.tp) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " must divide intermediate_size=" +
                                         format_number(t.f_s) + tp_hint());
    if (t.E > 0 && std::fmod(t.f_e, n_etp) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(n_etp) + " must divide intermediate_size=" +
                                         format_number(t.f_e) + tp_hint());
    if (s.tp <= g && std::fmod(g, s.tp) != 0)
      throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " must divide gpus_per_node=" + format_number(g) +
                                         tp_hint());
    if (s.pp > t.L) {
      // With gpus given, a valid pp also keeps gpus divisible by the other degrees; inference takes pp = 1.
      const double rest = field(cluster, "gpus") ? s.gpus() / (s.tp * s.cp) : 0;  // = pp·dp
      throw InputError("cluster.pp", "pp=" + format_number(s.pp) + " exceeds num_hidden_layers=" + format_number(t.L) +
                                         (train ? detail::nearest_valid("pp", t.L, 1, t.L,
                                                                        [&](double d) {
                                                                          return rest == 0 || std::fmod(rest, d) == 0;
                                                                        })
                                                : "; nearest valid pp: 1 (inference and serving model no pipeline)"));
    }
    if (s.ep > 1 && t.E == 0) throw InputError("cluster.ep", "ep > 1 requires an MoE model");
    if (s.ep > 1 && std::fmod(t.E, s.ep) != 0)
      throw InputError("cluster.ep", "ep=" + format_number(s.ep) + " must divide num_experts=" + format_number(t.E) +
                                         detail::nearest_valid("ep", s.ep, 1, t.E, [&](double d) {
                                           return std::fmod(t.E, d) == 0 &&
                                                  std::fmod(train ? s.dp * s.cp : s.tp * s.dp, d) == 0;
                                         }));
    if (train && std::fmod(s.dp * s.cp, s.ep) != 0)
      throw InputError("cluster.ep", "ep=" + format_number(s.ep) + " must divide dp*cp = " + format_number(s.dp * s.cp));
    if (!train && std::fmod(s.tp * s.dp, s.ep) != 0)
      throw InputError("cluster.ep", "ep=" + format_number(s.ep) + " must divide tp*dp = " + format_number(s.tp * s.dp));
  }
  // §G: a job larger than one node fills whole nodes.
  if (n_gpus > g && std::fmod(n_gpus, g) != 0)
    throw InputError("cluster.gpus", "must be a multiple of gpus_per_node=" + format_number(g) +
                                         " when larger than one node (got " + format_number(n_gpus) + ")");
  // What inference/serving do not model yet (training models them: §H, issue 3/6).
  if (!train && s.pp > 1)
    throw InputError("cluster.pp", "pipeline parallelism (pp=" + format_number(s.pp) +
                                       ") arrives with the fleet model (issue 3/6); use pp = 1 and cluster.dp for replicas");
  if (!train && s.ep > 1)
    throw InputError("cluster.ep", "expert parallelism (ep=" + format_number(s.ep) +
                                       ") arrives with the fleet model (issue 3/6); use ep = 1 (experts sharded by tp)");
  if (!train && s.tp > g)
    throw InputError("cluster.tp", "tp=" + format_number(s.tp) + " spans more than one node of gpus_per_node=" +
                                       format_number(g) + "; tensor parallelism across nodes arrives with issue 3/6");

  // The scale-up link (§G): β_intra = per-direction scale-up bandwidth × η_n, else the host link
  // (PCIe figures are per direction); α_intra = link latency + intra_hops·hop_latency.
  s.eff.network = fraction(eff, "network", "efficiency", kNetworkEfficiency);
  const double hop = nonnegative(network, "hop_latency_s", "network", kHopLatency.value, 1.0);
  const double hops = nonnegative(network, "intra_hops", "network", kIntraHops.value, 64);
  const double latency = s.device.scale_up_latency ? *s.device.scale_up_latency : kScaleUpLatency.value;
  s.tp_link.alpha = latency + hops * hop;
  if (s.device.scale_up_bandwidth) {
    s.tp_link.beta = *s.device.scale_up_bandwidth * s.eff.network;
    s.tp_link_source = "catalog " + s.device.name + " scale_up_bandwidth (per direction)";
  } else if (s.device.host_link_bandwidth) {
    s.tp_link.beta = *s.device.host_link_bandwidth * s.eff.network;
    s.tp_link_source = "catalog " + s.device.name + " host_link_bandwidth (PCIe, per direction): no scale-up link";
  } else if (s.tp > 1) {
    throw InputError("cluster.tp", "hardware '" + s.device.name +
                                       "' lists no scale_up_bandwidth or host_link_bandwidth; tp > 1 needs a link "
                                       "between GPUs");
  }
}

// §E inputs and validation.
void parse_serving(Scenario& s, const json& serving, const Catalog& catalog) {
  using namespace defaults;
  ServingConfig& c = s.serving;
  if (const json* v = field(serving, "chunked_prefill")) c.chunked_prefill = read_bool(*v, "serving.chunked_prefill");
  if (const json* v = field(serving, "prefix_hit_ratio")) {
    c.prefix_hit_ratio = read_number(*v, "serving.prefix_hit_ratio");
    if (!(c.prefix_hit_ratio >= 0 && c.prefix_hit_ratio < 1))
      throw InputError("serving.prefix_hit_ratio", "must be in [0, 1) (got " + format_number(c.prefix_hit_ratio) + ")");
  }
  const json* spec = field(serving, "speculative");
  if (!spec) return;
  if (!spec->is_object()) throw InputError("serving.speculative", "must be an object");
  report_unknown(*spec, kSpeculative, "serving.speculative", s.warnings);
  c.speculative = true;
  c.gamma = count(*spec, "gamma", "serving.speculative", kSpecGamma.value, 64);
  c.acceptance_rate = kSpecAcceptance.value;
  if (const json* v = field(*spec, "acceptance_rate")) {
    c.acceptance_rate = read_number(*v, "serving.speculative.acceptance_rate");
    if (!(c.acceptance_rate >= 0 && c.acceptance_rate <= 1))
      throw InputError("serving.speculative.acceptance_rate",
                       "must be in [0, 1] (got " + format_number(c.acceptance_rate) + ")");
  }
  c.draft_cost_ratio = nonnegative(*spec, "draft_cost_ratio", "serving.speculative", kDraftCostRatio.value, 10);
  if (const json* dm = field(*spec, "draft_model")) {
    const std::string path = "serving.speculative.draft_model";
    if (!(dm->is_string() && !dm->get<std::string>().empty()) && !dm->is_object())
      throw InputError(path, "must be a non-empty name or an object (got '" + describe(*dm) + "')");
    Workload d = dm->is_string() ? make_workload(catalog.model(dm->get<std::string>(), path), path, s.warnings)
                                 : make_inline_workload(*dm, path, s.warnings);
    if (d.kind != WorkloadKind::kDecoder) throw InputError(path, "must be a decoder transformer");
    if (std::fmod(d.arch.a, s.tp) != 0)
      throw InputError(path, "tp=" + format_number(s.tp) + " must divide the draft's num_attention_heads=" +
                                 format_number(d.arch.a));
    c.draft = std::move(d);
  }
}

// §D.2 inputs and the §H.1 batch rules that memory needs.
void parse_training(Scenario& s, const json& training, const json& cluster, const PrecisionInfo& precision,
                    bool batch_given) {
  using namespace defaults;
  TrainingConfig& c = s.training;
  const bool fp32 = precision.compute_bits == 32;
  if (const json* v = field(training, "optimizer")) {
    c.optimizer = to_lower(read_string(*v, "training.optimizer"));
    if (c.optimizer != "adamw" && c.optimizer != "adam" && c.optimizer != "sgd" && c.optimizer != "adafactor")
      throw InputError("training.optimizer",
                       "must be one of adamw, adam, sgd, adafactor (got '" + v->get<std::string>() + "')");
  }
  if (const json* v = field(cluster, "zero")) {
    const double z = read_number(*v, "cluster.zero");
    if (!(z == 0 || z == 1 || z == 2 || z == 3))
      throw InputError("cluster.zero", "must be 0, 1, 2 or 3 (got " + format_number(z) + ")");
    c.zero = z;
  } else {
    c.zero = kZeroStage.value;
  }
  if (const json* v = field(cluster, "recompute")) {
    c.recompute = to_lower(read_string(*v, "cluster.recompute"));
    if (c.recompute != "none" && c.recompute != "selective" && c.recompute != "full")
      throw InputError("cluster.recompute", "must be one of none, selective, full (got '" + v->get<std::string>() + "')");
  }
  c.grad_bytes = fp32 ? 4 : kGradBytes.value;
  if (field(training, "grad_bytes")) {
    c.grad_bytes = nonnegative(training, "grad_bytes", "training", c.grad_bytes, 16);
    if (c.grad_bytes <= 0) throw InputError("training.grad_bytes", "must be > 0 (got 0)");
  }
  c.logit_bytes = nonnegative(training, "logit_bytes", "training", kLogitBytes.value, 16);
  // Global batch: a given batch must divide by dp; a default one is rounded (§0, H.1).
  const double dp = s.dp;
  if (batch_given) {
    if (std::fmod(s.batch_size, dp) != 0)
      throw InputError("batch_size", "batch_size=" + format_number(s.batch_size) + " must be divisible by dp=" +
                                         format_number(dp) +
                                         detail::nearest_valid("batch_size", s.batch_size, dp, 1 << 20, [&](double d) {
                                           return std::fmod(d, dp) == 0;
                                         }));
  } else if (std::fmod(s.batch_size, dp) != 0) {
    const double rounded = std::max(dp, std::floor(s.batch_size / dp + 0.5) * dp);
    s.warnings.push_back("BATCH_ROUNDED: default batch_size " + format_number(s.batch_size) +
                         " rounded to " + format_number(rounded) + ", a multiple of dp=" + format_number(dp));
    s.batch_size = rounded;
  }
  // Microbatches: transformers default to micro-batch 1 (m = B/dp); CNN/generic m = 1 (§H).
  c.microbatches = s.workload.is_transformer() ? s.batch_size / dp : 1;
  if (field(cluster, "microbatches")) {
    c.microbatches = count(cluster, "microbatches", "cluster", 1);
    if (std::fmod(s.batch_size, dp * c.microbatches) != 0)
      throw InputError("cluster.microbatches", "batch_size=" + format_number(s.batch_size) +
                                                   " must be divisible by dp*microbatches = " + format_number(dp) + "*" +
                                                   format_number(c.microbatches) +
                                                   detail::nearest_valid("microbatches", c.microbatches, 1,
                                                                         s.batch_size / dp, [&](double d) {
                                                                           return std::fmod(s.batch_size, dp * d) == 0;
                                                                         }));
  }
}

}  // namespace

// The same warning for blocks parsed elsewhere (calibrate.cpp).
void detail::report_unknown_fields(const json& obj, const std::set<std::string>& known, const std::string& prefix,
                                   std::vector<std::string>& warnings) {
  report_unknown(obj, known, prefix, warnings);
}

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
  const json& training = block(j, "training");
  const json& quant = block(j, "quant");
  const json& network = block(j, "network");
  block(j, "reliability");  // read by parse_fleet (training only); a non-object is an error in every mode
  // traffic, site, energy, cost (issue 4/6) are parsed by parse_site_blocks at the end; reliability by parse_fleet.
  report_unknown(cluster, kCluster, "cluster", s.warnings);
  report_unknown(eff, kEfficiency, "efficiency", s.warnings);
  report_unknown(mem, kMemory, "memory", s.warnings);
  report_unknown(serving, kServing, "serving", s.warnings);
  report_unknown(training, kTraining, "training", s.warnings);
  report_unknown(quant, kQuant, "quant", s.warnings);
  report_unknown(network, kNetwork, "network", s.warnings);
  const bool train = s.mode == "training";
  if (!train && !training.empty())
    s.warnings.push_back("NOT_MODELED: the 'training' block applies to mode 'training' only; ignored");

  // 3. Resolve names against the catalog (inline objects use the same parsers).
  s.workload = model->is_string() ? make_workload(catalog.model(model->get<std::string>(), "model"), "model", s.warnings)
                                  : make_inline_workload(*model, "model", s.warnings);
  s.device = hardware->is_string() ? catalog.device(hardware->get<std::string>(), "hardware")
                                   : parse_device(*hardware, "hardware");

  // 4. Defaults that depend on the workload and the mode.
  const bool llm = s.workload.is_transformer();
  if (!sl) s.seq_len = s.workload.default_seq_len > 0 ? s.workload.default_seq_len : defaults::kSeqLen.value;
  if (!ol) s.output_len = defaults::kOutputLen.value;
  if (!bs && s.mode == "serving") s.batch_size = defaults::kBatchServing.value;
  if (!bs && train) s.batch_size = defaults::kBatchTraining.value;

  // 5. Precision and quantization (§A, §F), then cluster degrees (§C.0).
  s.quant = parse_quant(quant, precision);
  s.plan = resolve_plan(s.device, precision, s.quant, s.warnings);
  parse_cluster(s, cluster, network, eff, train);

  if (s.mode == "serving" && s.workload.kind != WorkloadKind::kDecoder)
    throw InputError("mode", "mode 'serving' requires a decoder transformer; use 'inference' for encoder/CNN/generic "
                             "workloads");

  // 6. Efficiency (§C.1), memory (§D) and serving (§E) parameters.
  using namespace defaults;
  s.eff.compute = fraction(eff, "compute", "efficiency", kComputeEfficiency);
  s.eff.compute_lowp = fraction(eff, "compute_lowp", "efficiency", kLowPrecisionFactor);
  s.eff.attention = fraction(eff, "attention", "efficiency", kAttentionEfficiency);
  s.eff.memory = fraction(eff, "memory", "efficiency", kMemoryEfficiency);
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
  // The device's own runtime reserve when the catalog states one (0 B on bare-metal MCUs).
  s.reserve_bytes = nonnegative(mem, "reserve_bytes", "memory", s.device.memory_reserve.value_or(kReserveBytes.value), 1e15);
  s.reserve_source = field(mem, "reserve_bytes") ? "scenario memory.reserve_bytes"
                     : s.device.memory_reserve   ? "catalog " + s.device.name + " memory_reserve: " + s.device.source
                                                 : kReserveBytes.source;
  s.page_tokens = count(serving, "page_tokens", "serving", kPageTokens.value);
  s.max_batched_tokens = count(serving, "max_batched_tokens", "serving", kMaxBatchedTokens.value);
  s.request_overhead_s = nonnegative(serving, "request_overhead_s", "serving", kRequestOverhead.value, 1e3);
  if (s.mode == "serving") parse_serving(s, serving, catalog);
  if (train) parse_training(s, training, cluster, precision, bs != nullptr);
  if (train) detail::parse_fleet(s, j, catalog);  // §G network, §H schedule, §I reliability (issue 3/6)

  if (llm && s.workload.arch.max_positions > 0) {
    // Training never generates, so its context is the sequence alone (output_len is unused there).
    const bool generates = s.workload.kind == WorkloadKind::kDecoder && !train;
    const double context = s.seq_len + (generates ? s.output_len : 0);
    if (context > s.workload.arch.max_positions)
      s.warnings.push_back(std::string("CONTEXT_EXCEEDS_MODEL: ") + (generates ? "seq_len + output_len" : "seq_len") +
                           " = " + format_number(context) +
                           " exceeds the model's max_position_embeddings = " + format_number(s.workload.arch.max_positions));
  }
  parse_site_blocks(s, j, catalog);  // issue 4/6: §J traffic, §K site/energy, §L cost (in section order)

  // Issue 6/6: the §M parameters the scenario sets are held fixed by the bands; one measurement to calibrate to.
  for (const auto& key : kEfficiency)
    if (field(eff, key.c_str())) s.explicit_parameters.push_back("efficiency." + key);
  if (field(serving, "request_overhead_s")) s.explicit_parameters.push_back("serving.request_overhead_s");
  if (const json* c = field(j, "calibration")) s.calibration = parse_calibration(*c, s);
  return s;
}

}  // namespace mlsysim
