// Collectives placed on the real rank layout (MODELS.md §G): the parallel layout of a training job,
// the effective intra-node (scale-up) and inter-node (fabric) links, each group's placement
// (n_loc members per node on n_nod nodes) and the cost of its collectives with the algorithm used.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"
#include "mlsysim/collectives.hpp"

namespace mlsysim {

enum class Recompute { kNone, kSelective, kFull };
const char* recompute_name(Recompute r);

// Parallel degrees and schedule of a training job (§H). Ranks are laid out TP fastest, then CP,
// DP, PP: rank = i_tp + n_tp·(i_cp + n_cp·(i_dp + n_dp·i_pp)).
struct ParallelLayout {
  double tp = 1, pp = 1, dp = 1, cp = 1, ep = 1;
  double microbatches = 1, virtual_stages = 1, zero = 1;
  Recompute recompute = Recompute::kSelective;
  bool gpipe = false;  // cluster.pp_schedule = "gpipe" (default 1F1B; interleaved when v > 1)
  double gpus() const { return tp * pp * cp * dp; }
};

enum class Algorithm { kAuto, kRing, kTree, kHierarchical };
const char* algorithm_name(Algorithm a);

// The effective links of §G (β already × η_n) and the node shape.
struct Network {
  Link intra, inter;
  double gpus_per_node = 8, nics_per_node = 8;
  Algorithm algorithm = Algorithm::kAuto;
};

// β_inter = fabric.bandwidth·min(1, nics/g)/oversubscription·η_n; α_inter = latency + extra hops.
Link inter_node_link(const Fabric& f, double gpus_per_node, double nics_per_node, double eta_n,
                     double extra_inter_hops, double hop_latency);

// A group of n ranks with rank stride σ: n_loc = clamp(floor(g/σ), 1, n) when σ ≤ g (else 1)
// members per node, on n_nod = ceil(n/n_loc) nodes.
struct Placement {
  double n = 1, stride = 1, n_loc = 1, n_nod = 1;
};
Placement place(double n, double stride, double gpus_per_node);

// The groups of §G for a layout.
Placement tp_group(const ParallelLayout& l, double g);   // σ = 1, n_tp
Placement cp_group(const ParallelLayout& l, double g);   // σ = n_tp, n_cp
Placement dp_group(const ParallelLayout& l, double g);   // DP⊕CP gradients: σ = n_tp, n_dp·n_cp
Placement ep_group(const ParallelLayout& l, double g);   // σ = n_tp, n_ep
Placement dpe_group(const ParallelLayout& l, double g);  // expert gradients: σ = n_tp·n_ep, n_dp·n_cp/n_ep
double pp_stride(const ParallelLayout& l);               // σ = n_tp·n_cp·n_dp

// One collective's cost on a placed group and how it ran. level: "none" (n = 1), "intra-node",
// "inter-node" or "hierarchical"; algorithm: "ring", "tree", "hierarchical", "direct" (p2p),
// "pairwise" (all-to-all); inter_algorithm: the algorithm between nodes of a hierarchical
// all-reduce ("ring"/"tree"), else "".
struct CollectiveCost {
  double time = 0;
  const char* level = "none";
  const char* algorithm = "none";
  const char* inter_algorithm = "";
};

CollectiveCost group_allreduce(double M, const Placement& p, const Network& net);
CollectiveCost group_allgather(double M, const Placement& p, const Network& net);  // = reduce-scatter
CollectiveCost group_all_to_all(double M, const Placement& p, const Network& net);
// Point-to-point between ranks σ apart: intra-node iff σ < g.
CollectiveCost group_p2p(double M, double stride, const Network& net);
// A ring pass between neighbours of a group (CP ring attention): intra-node iff the group is in one node.
CollectiveCost group_ring_p2p(double M, const Placement& p, const Network& net);

// The seed question "ring all-reduce on 256 GPUs": one collective on its own.
// Request {"op": all_reduce|all_gather|reduce_scatter|all_to_all|p2p, "bytes": 1e9 or "1 GB",
// "gpus": 256, "stride": 1, "hardware": "H100", "fabric": "InfiniBand_NDR" or {bandwidth, latency,
// oversubscription}, "gpus_per_node", "nics_per_node", "algorithm": auto|ring|tree|hierarchical,
// "efficiency": {"network"}, "network": {"hop_latency_s","intra_hops","extra_inter_hops"}} →
// {"schema":1,"ok":true,"collective":{op, bytes, gpus, stride, n_loc, n_nod, level, algorithm,
// inter_algorithm, time_s, algbw_Bps, busbw_Bps, alpha_intra_s, beta_intra_Bps, alpha_inter_s,
// beta_inter_Bps, fabric, alternatives:{ring_s, tree_s, hierarchical_s} (all-reduce)}} or the error JSON.
nlohmann::json collective(const nlohmann::json& request);
std::string collective_text(const std::string& request_json);

}  // namespace mlsysim
