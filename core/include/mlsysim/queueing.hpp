// Queueing and tail latency (MODELS.md §J): Poisson arrivals onto c = n_dp·B slots. Exact M/M/c
// (Erlang C, response-time CDF with exponential service), Pollaczek–Khinchine for M/D/1 and M/G/1
// (pooled), Allen–Cunneen for M/G/c; stated approximations where MODELS.md states them.
// Generic inputs: the slots, the time a slot is held, a request's own service time, λ.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mlsysim/explain.hpp"
#include "mlsysim/site_inputs.hpp"

namespace mlsysim {

// Erlang C: probability that an arrival waits in M/M/c with offered load a = λ·s (a < c),
// evaluated in log space over the terms that matter (exact to double precision).
double erlang_c(double c, double a);

struct QueueInputs {
  double arrival_rate = 0;  // λ, requests/s
  double slots = 1;         // c
  double s_slot = 0;        // time a slot is held (s)
  double s_req = 0;         // a request's own service time (s)
  std::string model = "mgc";
  double cv = 0;            // service-time coefficient of variation (mg1, mgc)
};

struct QueueStats {
  double utilization = 0;   // ρ = λ·s_slot/c
  bool stable = false;
  double p_wait = 0;        // P(W > 0): Erlang C (mmc, mgc) or ρ (pooled)
  double decay = 0;         // rate of the wait's exponential tail (1/s)
  bool exponential_service = false;  // X ~ Exp(s_req) (mm1, mmc, mgc with cv = 1) or X = s_req
  std::optional<double> p50_s, p99_s, mean_wait_s;  // empty when unstable
};

QueueStats queue_stats(const QueueInputs& in);
// P(T_resp > t) of the stated model (1 for an unstable queue).
double response_survival(const QueueInputs& in, const QueueStats& st, double t);
// The t with P(T_resp > t) = q (bisection to 1e-13 relative, or closed form); empty when unstable.
std::optional<double> response_quantile(const QueueInputs& in, const QueueStats& st, double q);

struct QueueResult {
  QueueInputs in;
  QueueStats stats;
  double capacity_rps = 0;            // c/s_slot: the largest sustainable arrival rate
  std::optional<double> slo_p99_s, slo_attainment;
  bool replicas_searched = false;
  std::optional<double> replicas_needed, gpus_needed;  // empty (null) when unreachable
  // P99-vs-load curve at this replica count: utilization, arrival rate, p50, p99, attainment.
  std::vector<double> curve_utilization, curve_arrival_rate, curve_p50_s, curve_p99_s, curve_slo_attainment;
  std::vector<std::string> warnings;
  std::vector<ExplainEntry> explain;
};

// The §J answer: `slots_per_replica` = B, `replicas` = n_dp, `gpus_per_replica` = n_tp·n_pp.
QueueResult solve_queueing(const TrafficConfig& t, double slots_per_replica, double replicas, double gpus_per_replica,
                           double s_slot, double s_req);

}  // namespace mlsysim
