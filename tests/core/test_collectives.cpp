// §G collective primitives against hand calculations and their invariants.
#include <doctest/doctest.h>

#include "mlsysim/collectives.hpp"

using namespace mlsysim;

TEST_CASE("collective primitives by hand (α = 1.1 µs, β = 360 GB/s: W2's NVLink link)") {
  const Link l{1.1e-6, 360e9};
  const double M = 33554432;  // 2048·8192·2 B
  // Ring all-reduce: 2(n−1)·α + 2(n−1)/n·M/β = 14·1.1 µs + 1.75·M/β = 178.5 µs (W2).
  CHECK(allreduce_ring(M, 8, l) == doctest::Approx(14 * 1.1e-6 + 1.75 * M / 360e9));
  CHECK(allreduce_ring(M, 8, l) == doctest::Approx(178.5e-6).epsilon(1e-3));
  // Tree (pipelined double binary tree): 2·ceil(log2 8)·α + 2·M/β.
  CHECK(allreduce_tree(M, 8, l) == doctest::Approx(6 * 1.1e-6 + 2 * M / 360e9));
  CHECK(allreduce_tree(M, 5, l) == doctest::Approx(6 * 1.1e-6 + 2 * M / 360e9));  // ceil(log2 5) = 3
  // All-gather / reduce-scatter: (n−1)·α + (n−1)/n·M/β.
  CHECK(allgather(M, 4, l) == doctest::Approx(3 * 1.1e-6 + 0.75 * M / 360e9));
  CHECK(reduce_scatter(M, 4, l) == allgather(M, 4, l));
  CHECK(all_to_all(1e6, 8, l) == doctest::Approx(7 * 1.1e-6 + 7.0 / 8 * 1e6 / 360e9));
  CHECK(point_to_point(1e6, l) == doctest::Approx(1.1e-6 + 1e6 / 360e9));
  // Hierarchical: RS + AG inside (n_loc = 8), then min(ring, tree) of M/8 across 4 nodes.
  const Link ib{5e-6, 40e9};
  const double inside = 2 * (7 * 1.1e-6 + 7.0 / 8 * M / 360e9);
  const double between = std::min(allreduce_ring(M / 8, 4, ib), allreduce_tree(M / 8, 4, ib));
  CHECK(allreduce_hierarchical(M, 8, 4, l, ib) == doctest::Approx(inside + between));
  CHECK(allreduce_intra_node(M, 8, l) == allreduce_ring(M, 8, l));
}

TEST_CASE("collective invariants: 0 for one rank, monotone in M, α and β, ring → 2M/β") {
  const Link l{1e-6, 100e9};
  CHECK(allreduce_ring(1e9, 1, l) == 0);
  CHECK(allreduce_tree(1e9, 1, l) == 0);
  CHECK(allgather(1e9, 1, l) == 0);
  CHECK(all_to_all(1e9, 1, l) == 0);
  for (double n : {2.0, 4.0, 8.0, 64.0}) {
    CHECK(allreduce_ring(2e6, n, l) > allreduce_ring(1e6, n, l));
    CHECK(allreduce_ring(1e6, n, Link{2e-6, 100e9}) > allreduce_ring(1e6, n, l));
    CHECK(allreduce_ring(1e6, n, Link{1e-6, 200e9}) < allreduce_ring(1e6, n, l));
    CHECK(std::min(allreduce_ring(1e6, n, l), allreduce_tree(1e6, n, l)) <= allreduce_ring(1e6, n, l));
  }
  const Link no_latency{0, 100e9};
  CHECK(allreduce_ring(1e9, 1e6, no_latency) == doctest::Approx(2 * 1e9 / 100e9).epsilon(1e-5));
  // AR_h ≤ ring over all ranks on the inter-node link when intra is faster and lower-latency.
  const Link intra{1e-6, 360e9}, inter{5e-6, 40e9};
  for (double nodes : {2.0, 4.0, 16.0})
    CHECK(allreduce_hierarchical(1e8, 8, nodes, intra, inter) <= allreduce_ring(1e8, 8 * nodes, inter));
}
