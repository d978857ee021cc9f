// Scenario JSON (DESIGN.md §3, schema 1) parsed, names resolved, every field validated, defaults filled.
#pragma once
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"
#include "mlsysim/collectives.hpp"
#include "mlsysim/precision_plan.hpp"
#include "mlsysim/quantization.hpp"
#include "mlsysim/reliability.hpp"
#include "mlsysim/topology.hpp"
#include "mlsysim/site_inputs.hpp"
#include "mlsysim/workload.hpp"

namespace mlsysim {

struct Efficiency {
  double compute, compute_lowp, attention, memory, network, overhead_s, step_overhead_s, dequant_overhead, moe_imbalance;
  std::string step_overhead_source;  // device dispatch_tax, the default, or the scenario
};

// Mode "serving" (MODELS.md §E).
struct ServingConfig {
  bool chunked_prefill = true;
  double prefix_hit_ratio = 0;     // h_p
  bool speculative = false;
  double gamma = 0, acceptance_rate = 0, draft_cost_ratio = 0;  // γ, α, draft cost / t_dec
  std::optional<Workload> draft;   // draft_model, when given (else draft_cost_ratio)
};

// Mode "training", memory only for now (MODELS.md §D.2).
struct TrainingConfig {
  std::string optimizer = "adamw", recompute = "selective";
  double zero = 1, grad_bytes = 2, logit_bytes = 4, microbatches = 1;
  // Issue 3/6 — the step-time model (§H), the inverse problem (H.5) and the search (H.6).
  double virtual_stages = 1;
  bool gpipe = false;  // cluster.pp_schedule
  double dp_overlap = 0.8, tp_overlap = 0, cp_overlap = 0.8;
  double tokens = 0, samples = 0;  // training.tokens (transformers) / training.samples (CNN/generic)
  std::optional<double> target_days;
  bool search = false;
  double search_top_k = 10;
  // Degrees given explicitly in `cluster` (held fixed by the search, H.6).
  bool given_tp = false, given_pp = false, given_cp = false, given_ep = false, given_microbatches = false,
       given_virtual_stages = false, given_zero = false, given_recompute = false;
};

// Issue 6/6: one measurement of the user's own, to fit an efficiency parameter to (calibrate.hpp).
struct CalibrationRequest {
  std::string metric;          // a banded headline output, e.g. "serving.tokens_per_s"
  double measured = 0;         // SI (a unit string is converted on entry)
  std::string parameter;       // empty: the one that governs the metric (chosen by calibrate)
  // Filled by apply_calibration (calibrate.cpp):
  bool done = false, reached = false;
  std::string fitted, note;    // the parameter fitted, and what happened in words
  double predicted_before = 0, predicted_after = 0, from = 0, to = 0;
  std::string unit;            // of the metric in this scenario: "s", "tokens/s", "samples/s", "fraction"
};

struct Scenario {
  Workload workload;
  Device device;
  std::string mode = "inference";
  std::string precision = "fp16";
  PrecisionPlan plan;
  double batch_size = 1, seq_len = 0, output_len = 0;
  double tp = 1, pp = 1, dp = 1, cp = 1, ep = 1, gpus_per_node = 8;
  Link tp_link;                  // the scale-up link inside a node (§G), effective
  std::string tp_link_source;    // where β_intra came from
  Efficiency eff{};
  QuantSpec quant;
  ServingConfig serving;
  TrainingConfig training;
  double usable_fraction = 0, reserve_bytes = 0;
  std::string reserve_source;  // the catalog device, the default, or the scenario
  double max_batched_tokens = 0, page_tokens = 0, request_overhead_s = 0;
  std::vector<std::string> warnings;
  // Issue 3/6 — the fleet: §G network (training), §I reliability.
  Network network;
  Fabric fabric;
  std::string network_source;
  ReliabilityConfig reliability;
  ParallelLayout layout() const;  // the scenario's degrees and schedule (§H)
  // Issue 4/6: traffic (§J), site and energy (§K), cost (§L); traffic is empty without a block.
  std::optional<TrafficConfig> traffic;
  SiteConfig site;
  EnergyConfig energy;
  CostConfig cost;
  // Issue 6/6: the §M band parameters the scenario sets (held fixed by the bands), and calibration.
  std::vector<std::string> explicit_parameters;
  std::optional<CalibrationRequest> calibration;
  double gpus() const { return tp * pp * cp * dp; }
  double gpus_per_replica() const { return tp * pp; }  // N_rep (§C.5)
};

// Throws InputError (path + message) on the first violation, in MODELS.md §0 order.
Scenario parse_scenario(const nlohmann::json& j, const Catalog& catalog);

namespace detail {
// Training-mode inputs of §G, §H and §I (cluster.fabric, network, schedule, overlaps, training.*,
// reliability.*) and the H.1 rows not checked by the memory parser; called by parse_scenario.
void parse_fleet(Scenario& s, const nlohmann::json& j, const Catalog& catalog);

// The suffix of a layout error that proposes the nearest valid values of `name` around the rejected
// `want` ("; nearest valid tp: 2 or 4"): the closest integers in [lo, hi] below and above `want` for
// which `valid` holds. Empty when none exists.
std::string nearest_valid(const char* name, double want, double lo, double hi, const std::function<bool(double)>& valid);
// Warning UNKNOWN_FIELD (with the nearest known names) for each key of obj not in `known`.
void report_unknown_fields(const nlohmann::json& obj, const std::set<std::string>& known, const std::string& prefix,
                           std::vector<std::string>& warnings);
}  // namespace detail

}  // namespace mlsysim
