// Training-mode scenario inputs of the fleet model (issue 3/6): the §G network (cluster.fabric,
// nics_per_node, network.*), the §H schedule and overlaps, training.{tokens, samples, target_days,
// search, search_top_k}, the §I reliability block (times and bandwidths also as unit strings), and the
// H.1 rows the memory parser leaves.
#include <cmath>
#include <set>

#include "mlsysim/defaults.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/units.hpp"

namespace mlsysim {

using nlohmann::json;

ParallelLayout Scenario::layout() const {
  ParallelLayout l;
  l.tp = tp;
  l.pp = pp;
  l.dp = dp;
  l.cp = cp;
  l.ep = ep;
  l.microbatches = training.microbatches;
  l.virtual_stages = training.virtual_stages;
  l.zero = training.zero;
  l.recompute = training.recompute == "full" ? Recompute::kFull
                : training.recompute == "none" ? Recompute::kNone
                                               : Recompute::kSelective;
  l.gpipe = training.gpipe;
  return l;
}

namespace detail {

namespace {

const std::set<std::string> kReliability = {"gpu_mtbf_h", "nic_mtbf_h", "link_switch_mtbf_h", "host_mtbf_h",
                                            "software_mtbf_h", "storage_bw_per_node_Bps", "checkpoint_bytes_per_param",
                                            "restart_s", "checkpoint_interval_s"};

const json& sub(const json& j, const char* key) {
  static const json empty = json::object();
  const json* b = field(j, key);
  return b && b->is_object() ? *b : empty;
}

double in_range(const json& blk, const char* key, const std::string& prefix, double fallback, double lo, double hi,
                bool lo_open) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  const std::string path = join_path(prefix, key);
  const double x = read_number(*v, path);
  if (lo_open ? !(x > lo) : !(x >= lo))
    throw InputError(path, std::string("must be ") + (lo_open ? "> " : "≥ ") + format_number(lo) + " (got " +
                               format_number(x) + ")");
  if (x > hi) throw InputError(path, "must be ≤ " + format_number(hi) + " (got " + format_number(x) + ")");
  return x;
}

// A §I input given as a number in the key's own unit (h, s, B/s) or as a unit string of the same
// dimension ("9 years", "7 min", "2 GB/s"), converted to that unit; then the range of in_range.
double quantity_in(const json& blk, const char* key, const std::string& prefix, double fallback, double lo, double hi,
                   bool lo_open, const Dimension& d, double unit) {
  const json* v = field(blk, key);
  if (!v || !v->is_string()) return in_range(blk, key, prefix, fallback, lo, hi, lo_open);
  const std::string path = join_path(prefix, key);
  const json x = read_quantity(*v, path, d) / unit;
  return in_range(json{{key, x}}, key, prefix, fallback, lo, hi, lo_open);
}

double count_or(const json& blk, const char* key, const std::string& prefix, double fallback) {
  const json* v = field(blk, key);
  return v ? static_cast<double>(read_count(*v, join_path(prefix, key))) : fallback;
}

}  // namespace

std::string nearest_valid(const char* name, double want, double lo, double hi, const std::function<bool(double)>& valid) {
  // Walk outwards from the rejected value: the first valid integer on each side is the nearest.
  double below = 0, above = 0;
  for (double d = std::min(std::floor(want), hi); d >= lo; --d)
    if (valid(d)) {
      below = d;
      break;
    }
  for (double d = std::max(std::ceil(want), lo); d <= hi; ++d)
    if (valid(d)) {
      above = d;
      break;
    }
  if (below == 0 && above == 0) return "";
  std::string out = std::string("; nearest valid ") + name + ": ";
  if (below > 0) out += format_number(below);
  if (above > 0 && above != below) out += (below > 0 ? " or " : "") + format_number(above);
  return out;
}

void parse_fleet(Scenario& s, const json& j, const Catalog& catalog) {
  using namespace defaults;
  const json& cluster = sub(j, "cluster");
  const json& network = sub(j, "network");
  const json& eff = sub(j, "efficiency");
  const json& training = sub(j, "training");
  const json& rel = sub(j, "reliability");
  TrainingConfig& c = s.training;
  const Workload& w = s.workload;

  // §G: the fabric and the inter-node link.
  if (const json* f = field(cluster, "fabric")) {
    if (f->is_string()) s.fabric = catalog.fabric(f->get<std::string>(), "cluster.fabric");
    else if (f->is_object()) s.fabric = parse_fabric(*f, "cluster.fabric");
    else throw InputError("cluster.fabric", "must be a fabric name or an object {bandwidth, latency, oversubscription}");
  } else {
    s.fabric = catalog.fabric(kFabric.value, "cluster.fabric");
  }
  if (field(cluster, "oversubscription"))
    s.fabric.oversubscription = in_range(cluster, "oversubscription", "cluster", 1, 1, 1e6, false);
  const double g = s.gpus_per_node;
  const double nics = count_or(cluster, "nics_per_node", "cluster", g);
  const double hop = in_range(network, "hop_latency_s", "network", kHopLatency.value, 0, 1, false);
  const double extra = in_range(network, "extra_inter_hops", "network", kExtraInterHops.value, 0, 64, false);
  s.network.gpus_per_node = g;
  s.network.nics_per_node = nics;
  s.network.intra = s.tp_link;
  if (s.network.intra.beta <= 0) {  // no scale-up or host link: GPUs of a node talk through the fabric
    s.network.intra = inter_node_link(s.fabric, 1, 1, s.eff.network, 0, hop);
  }
  s.network.inter = inter_node_link(s.fabric, g, nics, s.eff.network, extra, hop);
  s.network_source = "fabric " + s.fabric.name + ": " + s.fabric.source;
  if (const json* a = field(network, "algorithm")) {
    const std::string v = to_lower(read_string(*a, "network.algorithm"));
    if (v == "auto") s.network.algorithm = Algorithm::kAuto;
    else if (v == "ring") s.network.algorithm = Algorithm::kRing;
    else if (v == "tree") s.network.algorithm = Algorithm::kTree;
    else if (v == "hierarchical") s.network.algorithm = Algorithm::kHierarchical;
    else throw InputError("network.algorithm", "must be one of auto, ring, tree, hierarchical (got '" + v + "')");
  }

  // §H schedule and overlaps.
  c.given_tp = field(cluster, "tp") != nullptr;
  c.given_pp = field(cluster, "pp") != nullptr;
  c.given_cp = field(cluster, "cp") != nullptr;
  c.given_ep = field(cluster, "ep") != nullptr;
  c.given_microbatches = field(cluster, "microbatches") != nullptr;
  c.given_virtual_stages = field(cluster, "virtual_stages") != nullptr;
  c.given_zero = field(cluster, "zero") != nullptr;
  c.given_recompute = field(cluster, "recompute") != nullptr;
  c.virtual_stages = count_or(cluster, "virtual_stages", "cluster", 1);
  if (const json* v = field(cluster, "pp_schedule")) {
    const std::string sched = to_lower(read_string(*v, "cluster.pp_schedule"));
    if (sched != "gpipe" && sched != "1f1b")
      throw InputError("cluster.pp_schedule", "must be one of gpipe, 1f1b (got '" + sched + "')");
    c.gpipe = sched == "gpipe";
    if (c.gpipe && c.virtual_stages > 1)
      throw InputError("cluster.pp_schedule", "gpipe has no interleaved form; use 1f1b with virtual_stages > 1");
  }
  if (const json* v = field(cluster, "sequence_parallel"))
    if (!read_bool(*v, "cluster.sequence_parallel") && s.tp > 1)
      s.warnings.push_back("NOT_MODELED: cluster.sequence_parallel = false; the step model assumes Megatron sequence "
                           "parallelism whenever tp > 1");
  c.dp_overlap = in_range(eff, "dp_overlap", "efficiency", kDpOverlap.value, 0, 1, false);
  c.tp_overlap = in_range(eff, "tp_overlap", "efficiency", kTpOverlap.value, 0, 1, false);
  c.cp_overlap = in_range(eff, "cp_overlap", "efficiency", kCpOverlap.value, 0, 1, false);

  // training.*
  c.tokens = in_range(training, "tokens", "training", kTokensPerParam.value * w.active_params, 0, 1e16, true);
  c.samples = in_range(training, "samples", "training", kTrainingSamples.value, 0, 1e16, true);
  if (field(training, "target_days")) c.target_days = in_range(training, "target_days", "training", 1, 0, 36500, true);
  if (const json* v = field(training, "search")) c.search = read_bool(*v, "training.search");
  c.search_top_k = count_or(training, "search_top_k", "training", kSearchTopK.value);

  // H.1 rows (after §C.0 and the batch rows of the memory parser).
  if (w.is_transformer()) {
    const double L = w.arch.L, v = c.virtual_stages, pp = s.pp, m = c.microbatches;
    if (pp * v > L + 2)
      throw InputError("cluster.virtual_stages", "pp*virtual_stages = " + format_number(pp * v) +
                                                     " exceeds num_hidden_layers + 2 = " + format_number(L + 2) +
                                                     nearest_valid("virtual_stages", std::floor((L + 2) / pp), 1, L,
                                                                   [&](double d) { return std::fmod(L, d) == 0; }));
    if (v > 1 && std::fmod(m, pp) != 0)
      throw InputError("cluster.microbatches",
                       "interleaved schedule needs microbatches divisible by pp=" + format_number(pp) + " (got " +
                           format_number(m) + ")" +
                           nearest_valid("microbatches", m, 1, s.batch_size / s.dp, [&](double d) {
                             return std::fmod(d, pp) == 0 && std::fmod(s.batch_size, s.dp * d) == 0;
                           }));
    if (s.cp > 1 && std::fmod(s.seq_len, 2 * s.cp) != 0)
      throw InputError("cluster.cp", "cp=" + format_number(s.cp) + " needs seq_len divisible by 2*cp = " +
                                         format_number(2 * s.cp));
    if (pp > 1 && std::fmod(L, pp * v) != 0)
      s.warnings.push_back("UNEVEN_STAGES: num_hidden_layers=" + format_number(L) + " is not divisible by pp*virtual_stages = " +
                           format_number(pp * v) + "; the heaviest stage holds " + format_number(std::ceil(L / pp)) +
                           " layers and sets the pace");
  }

  // §I reliability.
  for (auto it = rel.begin(); it != rel.end(); ++it)
    if (!kReliability.count(it.key())) {
      std::vector<std::string> names(kReliability.begin(), kReliability.end());
      s.warnings.push_back("UNKNOWN_FIELD: 'reliability." + clip(it.key()) + "' is not a scenario field (ignored); did you mean " +
                           join(nearest_names(it.key(), names, 2), " or ") + "?");
    }
  ReliabilityConfig& r = s.reliability;
  // Times and bandwidths: a number in the key's unit, or a unit string ("9 years", "2 GB/s").
  const Dimension t = dim::time(), bw = dim::bandwidth();
  constexpr double h = 3600;
  r.gpu_mtbf_h = quantity_in(rel, "gpu_mtbf_h", "reliability", kGpuMtbf.value, 0, 1e12, true, t, h);
  r.nic_mtbf_h = quantity_in(rel, "nic_mtbf_h", "reliability", kNicMtbf.value, 0, 1e12, true, t, h);
  r.link_switch_mtbf_h = quantity_in(rel, "link_switch_mtbf_h", "reliability", kLinkSwitchMtbf.value, 0, 1e12, true, t, h);
  r.host_mtbf_h = quantity_in(rel, "host_mtbf_h", "reliability", kHostMtbf.value, 0, 1e12, true, t, h);
  r.software_mtbf_h = quantity_in(rel, "software_mtbf_h", "reliability", kSoftwareMtbf.value, 0, 1e12, true, t, h);
  r.storage_bw_per_node =
      quantity_in(rel, "storage_bw_per_node_Bps", "reliability", kStorageBwPerNode.value, 0, 1e15, true, bw, 1);
  r.restart_s = quantity_in(rel, "restart_s", "reliability", kRestart.value, 0, 1e7, false, t, 1);
  if (field(rel, "checkpoint_bytes_per_param"))
    r.checkpoint_bytes_per_param = in_range(rel, "checkpoint_bytes_per_param", "reliability", 14, 0, 1e3, true);
  if (field(rel, "checkpoint_interval_s"))
    r.checkpoint_interval_s = quantity_in(rel, "checkpoint_interval_s", "reliability", 1, 0, 1e9, true, t, 1);
}

}  // namespace detail
}  // namespace mlsysim
