#include "mlsysim/collectives.hpp"

#include <algorithm>
#include <cmath>

namespace mlsysim {

double allreduce_ring(double M, double n, const Link& l) {
  if (n <= 1) return 0;
  return 2 * (n - 1) * l.alpha + 2 * (n - 1) / n * M / l.beta;
}

double allreduce_tree(double M, double n, const Link& l) {
  if (n <= 1) return 0;
  return 2 * std::ceil(std::log2(n)) * l.alpha + 2 * M / l.beta;
}

double allgather(double M, double n, const Link& l) {
  if (n <= 1) return 0;
  return (n - 1) * l.alpha + (n - 1) / n * M / l.beta;
}

double reduce_scatter(double M, double n, const Link& l) { return allgather(M, n, l); }

double all_to_all(double M, double n, const Link& l) {
  if (n <= 1) return 0;
  return (n - 1) * l.alpha + (n - 1) / n * M / l.beta;
}

double point_to_point(double M, const Link& l) { return l.alpha + M / l.beta; }

double allreduce_hierarchical(double M, double n_loc, double n_nod, const Link& intra, const Link& inter) {
  const double inside = n_loc > 1 ? 2 * ((n_loc - 1) * intra.alpha + (n_loc - 1) / n_loc * M / intra.beta) : 0;
  const double between = n_nod > 1 ? std::min(allreduce_ring(M / n_loc, n_nod, inter),
                                              allreduce_tree(M / n_loc, n_nod, inter))
                                   : 0;
  return inside + between;
}

}  // namespace mlsysim
