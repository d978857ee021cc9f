// α–β costs of the collectives of MODELS.md §G. M = bytes of the full buffer per rank, n ranks;
// every function returns seconds and is 0 for n = 1. β is a per-direction, per-GPU rate that
// already includes η_n (the effective link).
#pragma once
#include <string>

namespace mlsysim {

struct Link {
  double alpha = 0;  // s per message step (link latency + switch hops)
  double beta = 0;   // effective per-direction bandwidth, B/s
};

double allreduce_ring(double M, double n, const Link& l);   // 2(n−1)·α + 2(n−1)/n·M/β
double allreduce_tree(double M, double n, const Link& l);   // 2·ceil(log2 n)·α + 2·M/β (pipelined)
double allgather(double M, double n, const Link& l);        // (n−1)·α + (n−1)/n·M/β, M = gathered size
double reduce_scatter(double M, double n, const Link& l);   // same cost as all-gather
double all_to_all(double M, double n, const Link& l);       // (n−1)·α + (n−1)/n·M/β, M = bytes sent
double point_to_point(double M, const Link& l);             // α + M/β
// Hierarchical all-reduce: RS + AG inside each node (n_loc ranks) and an all-reduce of M/n_loc
// between the n_nod nodes, ring or tree whichever is cheaper there (§G "auto").
double allreduce_hierarchical(double M, double n_loc, double n_nod, const Link& intra, const Link& inter);
// §G "auto" inside one node: NVLink/NVSwitch collectives run rings, never a log-depth tree.
inline double allreduce_intra_node(double M, double n, const Link& l) { return allreduce_ring(M, n, l); }

}  // namespace mlsysim
