// Total cost of ownership (MODELS.md §L): CapEx, depreciation, OpEx at the site's electricity
// price and PUE, the cloud alternative, cost per million tokens / per query / per run, and a
// per-year, per-category breakdown. Generic inputs so that training calls it too (run_s).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mlsysim/explain.hpp"
#include "mlsysim/site_inputs.hpp"

namespace mlsysim {

struct CostWork {
  double gpus = 1, tdp_w = 0;
  double unit_cost_usd = 0;       // per GPU (scenario cost.unit_cost, else catalog)
  double power_avg_it_w = 0;      // annual average IT power of the N GPUs (§K P_avg)
  double units_per_s = 0;         // tokens/s or samples/s of the whole system while busy
  std::string unit = "token";     // "token" | "sample"
  double units_per_query = 1;     // n_out for token workloads (requests_per_s = tokens_per_s/n_out)
  std::optional<double> run_s;    // training hook: effective_time_to_train_s (goodput-aware)
  std::optional<double> run_units;  // training hook: training.tokens
};

struct CostCategory {
  std::string name;       // accelerators, servers, network, storage, facility, electricity, maintenance, staff, colocation
  double total_usd = 0;   // over site.years
  std::vector<double> usd_per_year;  // straight-line per year of the breakdown
};

struct CostResult {
  double years = 0, unit_cost_usd = 0, price_per_kwh = 0;
  double capex_accelerators_usd = 0, capex_servers_usd = 0, capex_network_usd = 0, capex_storage_usd = 0;
  double capex_hw_usd = 0, capex_facility_usd = 0, capex_usd = 0;
  double peak_it_w = 0, energy_kwh_per_year = 0;
  double opex_electricity_usd_per_year = 0, opex_maintenance_usd_per_year = 0, opex_staff_usd_per_year = 0,
         opex_colocation_usd_per_year = 0, opex_usd_per_year = 0;
  double tco_usd = 0, usd_per_year = 0, usd_per_gpu_hour = 0, cloud_usd = 0;
  double units_per_year = 0;
  std::string unit;
  double usd_per_million_units = 0, usd_per_query = 0, cloud_usd_per_million_units = 0, cloud_usd_per_query = 0;
  std::optional<double> run_usd, cloud_run_usd;
  std::vector<double> breakdown_years;  // 1, 2, … ceil(years); the last year may be partial
  std::vector<CostCategory> breakdown;
  std::vector<ExplainEntry> explain;
};

CostResult solve_cost(const CostWork& w, const CostConfig& c, const SiteConfig& site, const EnergyConfig& e);

}  // namespace mlsysim
