// Reliability and checkpointing (MODELS.md §I): job failure rate from per-component MTBFs, checkpoint
// size and write time, the Young–Daly interval, Daly's exact goodput, and the effective time to train.
#pragma once
#include <optional>
#include <vector>

namespace mlsysim {

struct ReliabilityConfig {
  double gpu_mtbf_h = 80000, nic_mtbf_h = 3.0e6, link_switch_mtbf_h = 75000, host_mtbf_h = 55300,
         software_mtbf_h = 43500;
  double storage_bw_per_node = 1.0e9;  // B/s
  double restart_s = 420;              // R_0
  std::optional<double> checkpoint_bytes_per_param;  // default by optimizer (14 adam/adamw, 10 sgd, 6 adafactor)
  std::optional<double> checkpoint_interval_s;       // override of τ
};

struct GoodputPoint {
  double interval_s = 0, goodput = 0;
};

struct ReliabilityResult {
  double nodes = 0, lambda_job_per_h = 0, lambda_node_per_h = 0;
  double fleet_mtbf_s = 0, node_mtbf_s = 0;
  double checkpoint_bytes_per_param = 0, checkpoint_bytes = 0, checkpoint_write_s = 0, restart_s = 0;
  double checkpoint_interval_s = 0, checkpoint_interval_optimal_s = 0, checkpoint_interval_young_s = 0;
  double goodput = 0, first_order_waste = 0;
  double time_to_train_s = 0, effective_time_to_train_s = 0;
  double expected_failures = 0, expected_lost_s = 0, failure_probability = 0;
  std::vector<GoodputPoint> curve;  // goodput vs interval (log-spaced around the optimum) for the chart
};

// Checkpoint bytes per parameter by optimizer (§I inputs).
double checkpoint_bytes_per_param(const char* optimizer);

// Daly's exact expected progress rate τ / (M·e^(R/M)·(e^((τ+δ)/M) − 1)).
double daly_goodput(double tau, double delta, double restart, double mtbf);
// Daly's optimum interval (Young's first term plus corrections); M when δ ≥ 2M.
double daly_interval(double delta, double mtbf);

// N GPUs on nodes of g GPUs with `nics` NICs each; P_total parameters; time_to_train_s of useful work.
ReliabilityResult solve_reliability(const ReliabilityConfig& c, double gpus, double gpus_per_node, double nics_per_node,
                                    double total_params, const char* optimizer, double time_to_train_s,
                                    bool with_curve = true);

}  // namespace mlsysim
