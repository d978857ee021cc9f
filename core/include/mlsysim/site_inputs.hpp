// Inputs of issue 4/6 — the `traffic` (§J), `site` and `energy` (§K) and `cost` (§L) blocks of a
// scenario — parsed and validated with the messages of MODELS.md, every default with its source.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"
#include "mlsysim/defaults.hpp"

namespace mlsysim {

struct Scenario;

// §J. Present iff the scenario has a `traffic` block (and the mode is not training).
struct TrafficConfig {
  double arrival_rate = 0;              // λ, requests/s
  std::optional<double> slo_p99_s;      // target for attainment and replica sizing
  std::string model = "mgc";            // mm1 | mmc | md1 | mg1 | mgc
  double service_cv = 0;                // coefficient of variation of the service time
  double max_replicas = 10000;          // replica search cap
  bool curve = true;                    // the P99-vs-load curve (the §M band corners need only the point)
};

// Grid and facility figures of one place, in the display units the equations use (§K converts
// energies to kWh before CI, WUE, EWIF or prices apply).
struct RegionFigures {
  std::string name, display_name, source;
  double pue = 1, wue_l_per_kwh = 0, ci_g_per_kwh = 0;
  std::optional<double> price_per_kwh;  // USD/kWh, only where the catalog sources one
  std::optional<int> year;
};

// §K/§L site: the region's figures with the scenario's overrides applied.
struct SiteConfig {
  RegionFigures region;                         // as resolved from site.region (default US_Avg)
  double pue = 1, wue_l_per_kwh = 0, ci_g_per_kwh = 0;  // effective (overrides applied)
  bool pue_set = false, wue_set = false, ci_set = false;  // held fixed in the region comparison
  std::optional<double> ci_marginal_g_per_kwh;
  double ewif_l_per_kwh = 0;                    // off-site water per facility kWh
  double years = 3;                             // hardware life
  double utilization = 0.8;                     // U_site, fraction of hours busy
  double price_per_kwh = 0.12;                  // USD/kWh
  std::string price_source;
  std::vector<std::string> compare_regions;     // empty: every catalog region
};

// §K energy parameters.
struct EnergyConfig {
  double idle_fraction = 0.30, host_fraction = 0.35, host_fraction_peak = 0.50, embodied_host_kg = 200;
};

// §L cost parameters.
struct CostConfig {
  std::optional<double> unit_cost;  // USD per GPU (scenario); else the catalog device's
  double server_fraction = 0.45, network_fraction = 0.10, storage_fraction = 0.03;
  double facility_usd_per_w = 10, facility_years = 15, maintenance_fraction = 0.05, staff_usd_per_year = 0;
  std::optional<double> colo_usd_per_kw_month;
  double cloud_usd_per_gpu_hour = 4.00;
};

namespace defaults {
extern const DefaultValue kTrafficServiceCv;     // traffic.service_cv
extern const DefaultValue kTrafficMaxReplicas;   // traffic.max_replicas
extern const DefaultText kTrafficModel;          // traffic.model
extern const DefaultText kSiteRegion;            // site.region
extern const DefaultValue kSiteYears;            // site.years
extern const DefaultValue kSiteUtilization;      // site.utilization
extern const DefaultValue kSiteEwif;             // site.ewif
extern const DefaultValue kSitePrice;            // site.price_per_kwh
extern const DefaultValue kIdleFraction;         // energy.idle_fraction
extern const DefaultValue kHostFraction;         // energy.host_power_fraction
extern const DefaultValue kHostFractionPeak;     // energy.host_power_fraction_peak
extern const DefaultValue kEmbodiedHost;         // energy.embodied_host_kg_per_gpu
extern const DefaultValue kServerFraction;       // cost.server_fraction
extern const DefaultValue kNetworkFraction;      // cost.network_fraction
extern const DefaultValue kStorageFraction;      // cost.storage_fraction
extern const DefaultValue kFacilityUsdPerW;      // cost.facility_usd_per_w
extern const DefaultValue kFacilityYears;        // cost.facility_years
extern const DefaultValue kMaintenanceFraction;  // cost.maintenance_fraction
extern const DefaultValue kStaffUsdPerYear;      // cost.staff_usd_per_year
extern const DefaultValue kCloudUsdPerGpuHour;   // cost.cloud_usd_per_gpu_hour
}  // namespace defaults

// A catalog region in display units (gCO2e/kWh, L/kWh, USD/kWh).
RegionFigures region_figures(const Region& r);

// Each throws InputError (path + message) on the first violation, in the order of its section's table.
std::optional<TrafficConfig> parse_traffic(const nlohmann::json& scenario, const std::string& mode,
                                           std::vector<std::string>& warnings);
SiteConfig parse_site(const nlohmann::json& site, const Catalog& catalog, std::vector<std::string>& warnings);
EnergyConfig parse_energy(const nlohmann::json& energy, std::vector<std::string>& warnings);
CostConfig parse_cost(const nlohmann::json& cost, std::vector<std::string>& warnings);
// All four blocks of a scenario into s.traffic, s.site, s.energy, s.cost (blocks must be objects).
void parse_site_blocks(Scenario& s, const nlohmann::json& scenario, const Catalog& catalog);

}  // namespace mlsysim
