#include "mlsysim/reliability.hpp"

#include <cmath>
#include <string>

namespace mlsysim {

double checkpoint_bytes_per_param(const char* optimizer) {
  const std::string o = optimizer;
  if (o == "sgd") return 10;
  if (o == "adafactor") return 6;
  return 14;  // 16-bit weights + fp32 master + two moments (BLOOM-176B checkpoint size, MEM-04)
}

double daly_goodput(double tau, double delta, double restart, double M) {
  // e^(R/M)·(e^((τ+δ)/M) − 1) with expm1 for accuracy when M ≫ τ.
  return tau / (M * std::exp(restart / M) * std::expm1((tau + delta) / M));
}

double daly_interval(double delta, double M) {
  if (delta >= 2 * M) return M;
  const double x = delta / (2 * M);
  return std::sqrt(2 * delta * M) * (1 + std::sqrt(x) / 3 + x / 9) - delta;
}

ReliabilityResult solve_reliability(const ReliabilityConfig& c, double N, double g, double nics, double P_total,
                                    const char* optimizer, double time_to_train_s, bool with_curve) {
  ReliabilityResult r;
  r.nodes = std::ceil(N / g);
  const double per_node = 1 / c.link_switch_mtbf_h + 1 / c.host_mtbf_h + 1 / c.software_mtbf_h;
  // A partial node is charged for its own GPUs and their NIC share only.
  r.lambda_job_per_h = N / c.gpu_mtbf_h + N * (nics / g) / c.nic_mtbf_h + r.nodes * per_node;
  r.lambda_node_per_h = g / c.gpu_mtbf_h + nics / c.nic_mtbf_h + per_node;
  r.fleet_mtbf_s = 3600 / r.lambda_job_per_h;
  r.node_mtbf_s = 3600 / r.lambda_node_per_h;
  const double M = r.fleet_mtbf_s;
  r.checkpoint_bytes_per_param = c.checkpoint_bytes_per_param.value_or(checkpoint_bytes_per_param(optimizer));
  r.checkpoint_bytes = r.checkpoint_bytes_per_param * P_total;
  const double write = r.checkpoint_bytes / (r.nodes * c.storage_bw_per_node);
  r.checkpoint_write_s = write;
  r.restart_s = c.restart_s + write;  // restart + reload
  r.checkpoint_interval_young_s = std::sqrt(2 * write * M);
  r.checkpoint_interval_optimal_s = daly_interval(write, M);
  r.checkpoint_interval_s = c.checkpoint_interval_s.value_or(r.checkpoint_interval_optimal_s);
  const double tau = r.checkpoint_interval_s;
  r.goodput = daly_goodput(tau, write, r.restart_s, M);
  r.first_order_waste = write / tau + (tau + write) / (2 * M) + r.restart_s / M;
  r.time_to_train_s = time_to_train_s;
  r.effective_time_to_train_s = time_to_train_s / r.goodput;
  r.expected_failures = r.effective_time_to_train_s / M;
  r.failure_probability = -std::expm1(-r.effective_time_to_train_s / M);
  r.expected_lost_s = r.effective_time_to_train_s - time_to_train_s;
  if (with_curve) {
    // 41 intervals log-spaced from τ*/20 to 20·τ* (the optimum τ* is the middle point).
    constexpr int kPoints = 41;
    const double center = r.checkpoint_interval_optimal_s > 0 ? r.checkpoint_interval_optimal_s : M;
    r.curve.reserve(kPoints);
    for (int i = 0; i < kPoints; ++i) {
      const double t = center * std::pow(20.0, (i - (kPoints - 1) / 2.0) / ((kPoints - 1) / 2.0));
      r.curve.push_back({t, daly_goodput(t, write, r.restart_s, M)});
    }
  }
  return r;
}

}  // namespace mlsysim
