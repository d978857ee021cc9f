// The energy (§K), cost (§L) and queueing (§J) result blocks of inference and serving: the solved
// performance model handed to the generic energy, cost and queueing functions, and their JSON.
#pragma once
#include <optional>

#include "mlsysim/cost.hpp"
#include "mlsysim/energy.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/json_writer.hpp"
#include "mlsysim/queueing.hpp"

namespace mlsysim {

struct SiteResults {
  std::optional<EnergyResult> energy;  // absent when the device has no TDP (warning NO_TDP)
  std::optional<CostResult> cost;
  std::optional<QueueResult> queueing;  // iff traffic
  double gpus = 1, tdp_w = 0, busy_fraction = 0, replicas = 1;
  SiteConfig site;  // the resolved region and its overrides, echoed in energy.region
};

// Appends the warnings to s.warnings and the explain entries to r.explain.
SiteResults solve_site(Scenario& s, InferenceResult& r);

// Training (§K/§L over the run): energy and cost of effective_time_to_train_s on the layout's
// GPUs at the step's busy fraction, per training token (or sample). Explain entries to `explain`.
struct TrainingSolution;
SiteResults solve_site_training(Scenario& s, const TrainingSolution& sol, std::vector<ExplainEntry>& explain);

// energy, cost, queueing blocks (those that exist), written into the open result object.
void write_site_results(JsonWriter& w, const SiteResults& site);

}  // namespace mlsysim
