// Scenario JSON (DESIGN.md §3, schema 1) parsed, names resolved, every field validated, defaults filled.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"
#include "mlsysim/precision_plan.hpp"
#include "mlsysim/workload.hpp"

namespace mlsysim {

struct Efficiency {
  double compute, compute_lowp, attention, memory, overhead_s, step_overhead_s, dequant_overhead, moe_imbalance;
  std::string step_overhead_source;  // device dispatch_tax, the default, or the scenario
};

struct Scenario {
  Workload workload;
  Device device;
  std::string mode = "inference";
  std::string precision = "fp16";
  PrecisionPlan plan;
  double batch_size = 1, seq_len = 0, output_len = 0;
  double tp = 1, pp = 1, dp = 1;
  Efficiency eff{};
  double usable_fraction = 0, reserve_bytes = 0;
  double max_batched_tokens = 0, page_tokens = 0, request_overhead_s = 0;
  std::vector<std::string> warnings;
};

// Throws InputError (path + message) on the first violation, in MODELS.md §0 order.
Scenario parse_scenario(const nlohmann::json& j, const Catalog& catalog);

}  // namespace mlsysim
