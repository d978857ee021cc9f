#include "mlsysim/topology.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

const char* recompute_name(Recompute r) {
  switch (r) {
    case Recompute::kNone: return "none";
    case Recompute::kSelective: return "selective";
    case Recompute::kFull: return "full";
  }
  return "selective";
}

const char* algorithm_name(Algorithm a) {
  switch (a) {
    case Algorithm::kAuto: return "auto";
    case Algorithm::kRing: return "ring";
    case Algorithm::kTree: return "tree";
    case Algorithm::kHierarchical: return "hierarchical";
  }
  return "auto";
}

Link inter_node_link(const Fabric& f, double g, double nics, double eta_n, double extra_hops, double hop) {
  Link l;
  l.beta = f.bandwidth * std::min(1.0, nics / g) / f.oversubscription * eta_n;
  l.alpha = f.latency + extra_hops * hop;
  return l;
}

Placement place(double n, double stride, double g) {
  Placement p;
  p.n = n;
  p.stride = stride;
  p.n_loc = stride <= g ? std::clamp(std::floor(g / stride), 1.0, n) : 1.0;
  p.n_nod = std::ceil(n / p.n_loc);
  return p;
}

Placement tp_group(const ParallelLayout& l, double g) { return place(l.tp, 1, g); }
Placement cp_group(const ParallelLayout& l, double g) { return place(l.cp, l.tp, g); }
Placement dp_group(const ParallelLayout& l, double g) { return place(l.dp * l.cp, l.tp, g); }
Placement ep_group(const ParallelLayout& l, double g) { return place(l.ep, l.tp, g); }
Placement dpe_group(const ParallelLayout& l, double g) { return place(l.dp * l.cp / l.ep, l.tp * l.ep, g); }
double pp_stride(const ParallelLayout& l) { return l.tp * l.cp * l.dp; }

namespace {

// Ring or tree between nodes, whichever is cheaper (§G "auto" at the inter-node level).
CollectiveCost inter_auto(double M, double n, const Link& l) {
  const double ring = allreduce_ring(M, n, l), tree = allreduce_tree(M, n, l);
  CollectiveCost c;
  c.level = "inter-node";
  if (tree < ring) {
    c.time = tree;
    c.algorithm = "tree";
  } else {
    c.time = ring;
    c.algorithm = "ring";
  }
  return c;
}

CollectiveCost hierarchical(double M, const Placement& p, const Network& net) {
  const double nl = p.n_loc;
  const CollectiveCost between = inter_auto(M / nl, p.n_nod, net.inter);
  CollectiveCost c;
  c.time = 2 * ((nl - 1) * net.intra.alpha + (nl - 1) / nl * M / net.intra.beta) + between.time;
  c.level = "hierarchical";
  c.algorithm = "hierarchical";
  c.inter_algorithm = between.algorithm;
  return c;
}

}  // namespace

CollectiveCost group_allreduce(double M, const Placement& p, const Network& net) {
  CollectiveCost c;
  if (p.n <= 1) return c;
  const bool one_node = p.n_nod <= 1;
  const Link& link = one_node ? net.intra : net.inter;
  c.level = one_node ? "intra-node" : "inter-node";
  switch (net.algorithm) {
    case Algorithm::kRing:
      c.time = allreduce_ring(M, p.n, link);
      c.algorithm = "ring";
      return c;
    case Algorithm::kTree:
      c.time = allreduce_tree(M, p.n, link);
      c.algorithm = "tree";
      return c;
    case Algorithm::kHierarchical:
    case Algorithm::kAuto:
      if (one_node) {  // NVLink/NVSwitch collectives run rings, never a log-depth tree
        c.time = allreduce_ring(M, p.n, link);
        c.algorithm = "ring";
        return c;
      }
      if (p.n_loc <= 1) return inter_auto(M, p.n, net.inter);
      return hierarchical(M, p, net);
  }
  return c;
}

CollectiveCost group_allgather(double M, const Placement& p, const Network& net) {
  CollectiveCost c;
  if (p.n <= 1) return c;
  c.algorithm = "ring";
  if (p.n_nod <= 1) {
    c.level = "intra-node";
    c.time = allgather(M, p.n, net.intra);
  } else if (p.n_loc <= 1 || net.algorithm == Algorithm::kRing || net.algorithm == Algorithm::kTree) {
    c.level = "inter-node";
    c.time = allgather(M, p.n, net.inter);
  } else {
    const double nl = p.n_loc;
    c.level = "hierarchical";
    c.algorithm = "hierarchical";
    c.inter_algorithm = "ring";
    c.time = (nl - 1) * net.intra.alpha + (nl - 1) / nl * M / net.intra.beta + allgather(M / nl, p.n_nod, net.inter);
  }
  return c;
}

CollectiveCost group_all_to_all(double M, const Placement& p, const Network& net) {
  CollectiveCost c;
  if (p.n <= 1) return c;
  c.algorithm = "pairwise";
  if (p.n_nod <= 1) {
    c.level = "intra-node";
    c.time = all_to_all(M, p.n, net.intra);
  } else if (p.n_loc <= 1) {
    c.level = "inter-node";
    c.time = all_to_all(M, p.n, net.inter);
  } else {
    const double n = p.n, nl = p.n_loc;
    c.level = "hierarchical";
    c.time = std::max((nl - 1) * net.intra.alpha + (nl - 1) / n * M / net.intra.beta,
                      (n - nl) * net.inter.alpha + (n - nl) / n * M / net.inter.beta);
  }
  return c;
}

CollectiveCost group_p2p(double M, double stride, const Network& net) {
  CollectiveCost c;
  const bool intra = stride < net.gpus_per_node;
  c.level = intra ? "intra-node" : "inter-node";
  c.algorithm = "direct";
  c.time = point_to_point(M, intra ? net.intra : net.inter);
  return c;
}

CollectiveCost group_ring_p2p(double M, const Placement& p, const Network& net) {
  CollectiveCost c;
  if (p.n <= 1) return c;
  const bool intra = p.n_nod <= 1;
  c.level = intra ? "intra-node" : "inter-node";
  c.algorithm = "ring";
  c.time = point_to_point(M, intra ? net.intra : net.inter);
  return c;
}

// ---- the stand-alone collective question ----------------------------------------------------

namespace {

std::string error_json(const std::string& path, const std::string& message) {
  JsonWriter w;
  w.begin_object().field("schema", 1).field("ok", false).key("error").begin_object();
  w.field("path", path).field("message", message).end_object().end_object();
  return w.take();
}

double num(const nlohmann::json& req, const char* key, double fallback) {
  const nlohmann::json* v = field(req, key);
  return v ? read_number(*v, key) : fallback;
}

std::string collective_parsed(const nlohmann::json& req) {
  using nlohmann::json;
  using namespace defaults;
  if (!req.is_object()) throw InputError("", "a collective request must be a JSON object");
  const Catalog& cat = Catalog::builtin();
  const std::string op = field(req, "op") ? to_lower(read_string(req["op"], "op")) : "all_reduce";
  if (op != "all_reduce" && op != "all_gather" && op != "reduce_scatter" && op != "all_to_all" && op != "p2p")
    throw InputError("op", "must be one of all_reduce, all_gather, reduce_scatter, all_to_all, p2p (got '" + op + "')");
  const json* b = field(req, "bytes");
  if (!b) throw InputError("bytes", "is required: bytes of the full buffer per rank (e.g. 1e9 or \"1 GB\")");
  const double M = b->is_string() ? read_positive_quantity(*b, "bytes", dim::bytes()) : read_positive(*b, "bytes");
  const double n = field(req, "gpus") ? static_cast<double>(read_count(req["gpus"], "gpus")) : 8;
  const double stride = field(req, "stride") ? static_cast<double>(read_count(req["stride"], "stride")) : 1;
  const Device& dev = field(req, "hardware") ? cat.device(read_string(req["hardware"], "hardware"), "hardware")
                                             : cat.device("H100", "hardware");
  const Fabric fab = !field(req, "fabric")        ? cat.fabric(kFabric.value, "fabric")
                     : req["fabric"].is_string() ? cat.fabric(req["fabric"].get<std::string>(), "fabric")
                                                 : parse_fabric(req["fabric"], "fabric");
  Network net;
  net.gpus_per_node = field(req, "gpus_per_node") ? static_cast<double>(read_count(req["gpus_per_node"], "gpus_per_node"))
                                                  : (dev.scale_up_bandwidth ? kGpusPerNode.value : std::min(n, kGpusPerNode.value));
  net.nics_per_node = field(req, "nics_per_node") ? static_cast<double>(read_count(req["nics_per_node"], "nics_per_node"))
                                                  : net.gpus_per_node;
  const json* eff = field(req, "efficiency");
  const double eta = eff && field(*eff, "network") ? read_number((*eff)["network"], "efficiency.network")
                                                   : kNetworkEfficiency.value;
  if (!(eta > 0 && eta <= 1)) throw InputError("efficiency.network", "must be in (0, 1] (got " + format_number(eta) + ")");
  const json* nw = field(req, "network");
  const json empty = json::object();
  const json& network = nw ? *nw : empty;
  const double hop = num(network, "hop_latency_s", kHopLatency.value);
  const double hops = num(network, "intra_hops", kIntraHops.value);
  const double extra = num(network, "extra_inter_hops", kExtraInterHops.value);
  net.intra.alpha = (dev.scale_up_latency ? *dev.scale_up_latency : kScaleUpLatency.value) + hops * hop;
  const double beta_up = dev.scale_up_bandwidth ? *dev.scale_up_bandwidth
                         : dev.host_link_bandwidth ? *dev.host_link_bandwidth
                                                   : fab.bandwidth;
  net.intra.beta = beta_up * eta;
  net.inter = inter_node_link(fab, net.gpus_per_node, net.nics_per_node, eta, extra, hop);
  if (const json* a = field(req, "algorithm")) {
    const std::string s = to_lower(read_string(*a, "algorithm"));
    if (s == "auto") net.algorithm = Algorithm::kAuto;
    else if (s == "ring") net.algorithm = Algorithm::kRing;
    else if (s == "tree") net.algorithm = Algorithm::kTree;
    else if (s == "hierarchical") net.algorithm = Algorithm::kHierarchical;
    else throw InputError("algorithm", "must be one of auto, ring, tree, hierarchical (got '" + s + "')");
  }
  const Placement p = place(n, stride, net.gpus_per_node);
  CollectiveCost c;
  if (op == "all_reduce") c = group_allreduce(M, p, net);
  else if (op == "all_gather" || op == "reduce_scatter") c = group_allgather(M, p, net);
  else if (op == "all_to_all") c = group_all_to_all(M, p, net);
  else c = group_p2p(M, stride, net);
  JsonWriter w;
  w.begin_object().field("schema", 1).field("ok", true).key("collective").begin_object();
  w.field("op", op).field("bytes", M).field("gpus", n).field("stride", stride);
  w.field("gpus_per_node", net.gpus_per_node).field("nics_per_node", net.nics_per_node);
  w.field("n_loc", p.n_loc).field("n_nod", p.n_nod).field("level", c.level).field("algorithm", c.algorithm);
  w.field("inter_algorithm", c.inter_algorithm).field("requested_algorithm", algorithm_name(net.algorithm));
  w.field("time_s", c.time);
  // Algorithm bandwidth M/t; bus bandwidth = algbw·2(n−1)/n (all-reduce) or (n−1)/n (others), NCCL convention.
  const double algbw = c.time > 0 ? M / c.time : 0;
  const double factor = op == "all_reduce" ? 2 * (n - 1) / n : op == "p2p" ? 1 : (n - 1) / n;
  w.field("algbw_Bps", algbw).field("busbw_Bps", algbw * factor);
  w.field("alpha_intra_s", net.intra.alpha).field("beta_intra_Bps", net.intra.beta);
  w.field("alpha_inter_s", net.inter.alpha).field("beta_inter_Bps", net.inter.beta);
  w.field("fabric", fab.name).field("fabric_source", fab.source).field("hardware", dev.name);
  if (op == "all_reduce" && n > 1) {
    Network forced = net;
    w.key("alternatives").begin_object();
    for (Algorithm a : {Algorithm::kRing, Algorithm::kTree, Algorithm::kHierarchical}) {
      forced.algorithm = a;
      const std::string key = std::string(algorithm_name(a)) + "_s";
      w.field(key == "ring_s" ? "ring_s" : key == "tree_s" ? "tree_s" : "hierarchical_s", group_allreduce(M, p, forced).time);
    }
    w.end_object();
  }
  w.field("source", "MODELS.md §G").end_object().end_object();
  return w.take();
}

}  // namespace

std::string collective_text(const std::string& request_json) {
  try {
    return collective_parsed(parse_json(request_json));
  } catch (const InputError& e) {
    return error_json(e.path(), e.what());
  } catch (const nlohmann::json::parse_error& e) {
    return error_json("", std::string("invalid JSON: ") + e.what());
  } catch (const std::exception& e) {
    return error_json("", std::string("internal error: ") + e.what());
  }
}

nlohmann::json collective(const nlohmann::json& request) {
  try {
    return nlohmann::json::parse(collective_parsed(request));
  } catch (const InputError& e) {
    return nlohmann::json::parse(error_json(e.path(), e.what()));
  } catch (const std::exception& e) {
    return nlohmann::json::parse(error_json("", std::string("internal error: ") + e.what()));
  }
}

}  // namespace mlsysim
