#include "mlsysim/site_inputs.hpp"

#include <cmath>
#include <set>

#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/units.hpp"

namespace mlsysim {

using nlohmann::json;

namespace defaults {
const DefaultValue kTrafficServiceCv{"traffic.service_cv", 0.0, "coefficient of variation",
                                     "MODELS.md §J: 0 = fixed prompt/output lengths as specified"};
const DefaultValue kTrafficMaxReplicas{"traffic.max_replicas", 10000, "replicas", "MODELS.md §J: replica search cap"};
const DefaultText kTrafficModel{"traffic.model", "mgc", "MODELS.md §J: M/G/c (Allen–Cunneen) over the c = n_dp·B slots"};
const DefaultText kSiteRegion{"site.region", "US_Avg", "MODELS.md §K: catalog grids (IEA 2023 intensities)"};
const DefaultValue kSiteYears{"site.years", 3, "years",
                              "MODELS.md §K/§L: hardware life for depreciation and embodied amortization"};
const DefaultValue kSiteUtilization{"site.utilization", 0.8, "fraction of hours busy",
                                    "MODELS.md §K: catalog orchestration target 0.80"};
const DefaultValue kSiteEwif{"site.ewif", 0, "L per facility kWh",
                             "MODELS.md §K: off-site water of electricity generation, optional"};
const DefaultValue kSitePrice{"site.price_per_kwh", 0.12, "USD/kWh",
                              "MODELS.md §L: catalog US cloud electricity baseline (Pricing.Cloud.ElectricityPerKwh)"};
const DefaultValue kIdleFraction{"energy.idle_fraction", 0.30, "of TDP",
                                 "MODELS.md §K: energy-proportionality prior (Barroso & Hölzle 2007)"};
const DefaultValue kHostFraction{"energy.host_power_fraction", 0.35, "of TDP per GPU",
                                 "MODELS.md §K: CPUs, DRAM, NICs, switches, fans — average draw (catalog DGX-H100 rack "
                                 "lists 11.1 kW non-accelerator power per 4 nodes = 0.50 of TDP at peak)"};
const DefaultValue kHostFractionPeak{"energy.host_power_fraction_peak", 0.50, "of TDP per GPU",
                                     "MODELS.md §K: catalog DGX-H100 rack, 11.1 kW / 32 GPUs / 700 W at peak"};
const DefaultValue kEmbodiedHost{"energy.embodied_host_kg_per_gpu", 200, "kgCO2e per GPU",
                                 "MODELS.md §K ROUGH PRIOR: 2-socket server footprints of 1–3 t per 8-GPU server"};
const DefaultValue kServerFraction{"cost.server_fraction", 0.45, "× unit_cost per GPU",
                                   "MODELS.md §L: catalog DGX H100 node 350 000 USD vs 8 × 30 000 USD of GPUs"};
const DefaultValue kNetworkFraction{"cost.network_fraction", 0.10, "× (GPU + server)",
                                    "MODELS.md §L ROUGH PRIOR: scale-out fabric share of cluster capex"};
const DefaultValue kStorageFraction{"cost.storage_fraction", 0.03, "× (GPU + server)", "MODELS.md §L ROUGH PRIOR"};
const DefaultValue kFacilityUsdPerW{"cost.facility_usd_per_w", 10, "USD per W of peak IT power",
                                    "MODELS.md §L ROUGH PRIOR: data-hall build cost 7–12 M USD per MW"};
const DefaultValue kFacilityYears{"cost.facility_years", 15, "years", "MODELS.md §L: facility depreciation life"};
const DefaultValue kMaintenanceFraction{"cost.maintenance_fraction", 0.05, "per year × hardware capex",
                                        "MODELS.md §L: catalog AnnualMaintenanceRatio (Barroso et al. 2018)"};
const DefaultValue kStaffUsdPerYear{"cost.staff_usd_per_year", 0, "USD/year", "MODELS.md §L: optional"};
const DefaultValue kCloudUsdPerGpuHour{"cost.cloud_usd_per_gpu_hour", 4.00, "USD per GPU-hour",
                                       "MODELS.md §L: catalog GpuTrainingPerHour; public H100 rates 1.8–12.3 (TCO-01)"};
}  // namespace defaults

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

void unknown_fields(const json& obj, const std::set<std::string>& known, const std::string& prefix,
                    std::vector<std::string>& warnings) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!known.count(it.key())) {
      std::vector<std::string> names(known.begin(), known.end());
      warnings.push_back("UNKNOWN_FIELD: '" + prefix + "." + clip(it.key()) + "' is not a scenario field (ignored); did you mean " +
                         join(nearest_names(it.key(), names, 2), " or ") + "?");
    }
}

// A number in the field's display unit (gCO2e/kWh, L/kWh, USD/kWh, …) or a unit string of its
// dimension, converted to that display unit; `per_si` = display units per SI unit.
double read_display(const json& v, const std::string& path, const Dimension& d, double per_si) {
  if (v.is_number()) return read_number(v, path);
  return read_quantity(v, path, d) * per_si;
}

double at_least(const json& blk, const char* key, const std::string& prefix, double fallback, double lo,
                bool open = false, const Dimension* d = nullptr, double per_si = 1) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  const std::string path = prefix + "." + key;
  const double x = d ? read_display(*v, path, *d, per_si) : read_number(*v, path);
  if (open ? !(x > lo) : !(x >= lo))
    throw InputError(path, std::string("must be ") + (open ? "> " : "≥ ") + format_number(lo) + " (got " +
                               format_number(x) + ")");
  if (x > 1e15) throw InputError(path, "must be ≤ 1e+15 (got " + format_number(x) + ")");
  return x;
}

double closed_fraction(const json& blk, const char* key, const std::string& prefix, double fallback) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  const std::string path = prefix + "." + key;
  const double x = read_number(*v, path);
  if (!(x >= 0 && x <= 1)) throw InputError(path, "must be in [0, 1] (got " + format_number(x) + ")");
  return x;
}

}  // namespace

RegionFigures region_figures(const Region& r) {
  RegionFigures f;
  f.name = r.name;
  f.display_name = r.display_name;
  f.source = r.source;
  f.pue = r.pue;
  // The catalog holds SI (per J); the equations of §K use per-kWh figures. Rounded to 1e-9 so that
  // "429 gCO2e/kWh" reads back as 429, not 429.00000000000006.
  auto per_kwh = [](double si) { return std::round(si * kJoulesPerKwh * 1e9) / 1e9; };
  f.ci_g_per_kwh = per_kwh(r.carbon_intensity * 1e3);
  f.wue_l_per_kwh = r.wue ? per_kwh(*r.wue) : 0;
  if (r.price_per_kwh) f.price_per_kwh = per_kwh(*r.price_per_kwh);
  f.year = r.year;
  return f;
}

std::optional<TrafficConfig> parse_traffic(const json& scenario, const std::string& mode,
                                           std::vector<std::string>& warnings) {
  const json* t = field(scenario, "traffic");
  if (!t) return std::nullopt;
  if (!t->is_object()) throw InputError("traffic", "must be an object");
  unknown_fields(*t, {"arrival_rate", "slo_p99_s", "model", "service_cv", "max_replicas"}, "traffic", warnings);
  TrafficConfig c;
  const json* rate = field(*t, "arrival_rate");
  if (!rate) throw InputError("traffic.arrival_rate", "is required when a 'traffic' block is given (requests/s)");
  c.arrival_rate = read_number(*rate, "traffic.arrival_rate");
  if (!(c.arrival_rate > 0))
    throw InputError("traffic.arrival_rate", "must be > 0 (got " + format_number(c.arrival_rate) + ")");
  if (c.arrival_rate > 1e12)
    throw InputError("traffic.arrival_rate", "must be ≤ 1e+12 (got " + format_number(c.arrival_rate) + ")");
  if (field(*t, "slo_p99_s")) c.slo_p99_s = at_least(*t, "slo_p99_s", "traffic", 0, 0, true);
  if (const json* m = field(*t, "model")) {
    c.model = to_lower(read_string(*m, "traffic.model"));
    if (c.model != "mm1" && c.model != "mmc" && c.model != "md1" && c.model != "mg1" && c.model != "mgc")
      throw InputError("traffic.model", "must be one of mm1, mmc, md1, mg1, mgc (got '" + m->get<std::string>() + "')");
  }
  c.service_cv = at_least(*t, "service_cv", "traffic", defaults::kTrafficServiceCv.value, 0);
  if (c.service_cv > 100) throw InputError("traffic.service_cv", "must be ≤ 100 (got " + format_number(c.service_cv) + ")");
  if (const json* v = field(*t, "max_replicas"))
    c.max_replicas = static_cast<double>(read_count(*v, "traffic.max_replicas"));
  if (mode == "training") {
    warnings.push_back("IGNORED_FIELD: the 'traffic' block applies to modes inference and serving; ignored in training");
    return std::nullopt;
  }
  return c;
}

SiteConfig parse_site(const json& site, const Catalog& catalog, std::vector<std::string>& warnings) {
  using namespace defaults;
  unknown_fields(site, {"region", "pue", "wue", "carbon_intensity", "carbon_intensity_marginal", "ewif", "years",
                        "utilization", "price_per_kwh", "compare_regions"},
                 "site", warnings);
  SiteConfig c;
  std::string name = kSiteRegion.value;
  if (const json* r = field(site, "region")) {
    name = read_string(*r, "site.region");
    if (name.empty()) throw InputError("site.region", "must be a non-empty region name");
  }
  c.region = region_figures(catalog.region(name, "site.region"));
  const Dimension water = dim::water_intensity(), carbon = dim::carbon_intensity(), price = dim::price_per_energy();
  c.pue_set = field(site, "pue") != nullptr;
  c.pue = at_least(site, "pue", "site", c.region.pue, 1);
  c.wue_set = field(site, "wue") != nullptr;
  c.wue_l_per_kwh = at_least(site, "wue", "site", c.region.wue_l_per_kwh, 0, false, &water, kJoulesPerKwh);
  c.ci_set = field(site, "carbon_intensity") != nullptr;
  c.ci_g_per_kwh = at_least(site, "carbon_intensity", "site", c.region.ci_g_per_kwh, 0, false, &carbon,
                            1e3 * kJoulesPerKwh);
  if (field(site, "carbon_intensity_marginal"))
    c.ci_marginal_g_per_kwh = at_least(site, "carbon_intensity_marginal", "site", 0, 0, false, &carbon, 1e3 * kJoulesPerKwh);
  c.ewif_l_per_kwh = at_least(site, "ewif", "site", kSiteEwif.value, 0, false, &water, kJoulesPerKwh);
  c.years = at_least(site, "years", "site", kSiteYears.value, 0, true);
  if (c.years > 100) throw InputError("site.years", "must be ≤ 100 (got " + format_number(c.years) + ")");
  if (const json* u = field(site, "utilization")) {
    c.utilization = read_number(*u, "site.utilization");
    if (!(c.utilization > 0 && c.utilization <= 1))
      throw InputError("site.utilization", "must be in (0, 1] (got " + format_number(c.utilization) + ")");
  } else {
    c.utilization = kSiteUtilization.value;
  }
  if (field(site, "price_per_kwh")) {
    c.price_per_kwh = at_least(site, "price_per_kwh", "site", 0, 0, false, &price, kJoulesPerKwh);
    c.price_source = "scenario site.price_per_kwh";
  } else if (c.region.price_per_kwh) {
    c.price_per_kwh = *c.region.price_per_kwh;
    c.price_source = "catalog region " + c.region.name + " price_per_kwh: " + c.region.source;
  } else {
    c.price_per_kwh = kSitePrice.value;
    c.price_source = kSitePrice.source;
  }
  if (const json* list = field(site, "compare_regions")) {
    if (!list->is_array()) throw InputError("site.compare_regions", "must be a list of region names");
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string path = "site.compare_regions[" + std::to_string(i) + "]";
      c.compare_regions.push_back(catalog.region(read_string((*list)[i], path), path).name);
    }
  }
  return c;
}

EnergyConfig parse_energy(const json& energy, std::vector<std::string>& warnings) {
  using namespace defaults;
  unknown_fields(energy, {"idle_fraction", "host_power_fraction", "host_power_fraction_peak", "embodied_host_kg_per_gpu"},
                 "energy", warnings);
  EnergyConfig c;
  c.idle_fraction = closed_fraction(energy, "idle_fraction", "energy", kIdleFraction.value);
  c.host_fraction = closed_fraction(energy, "host_power_fraction", "energy", kHostFraction.value);
  c.host_fraction_peak = closed_fraction(energy, "host_power_fraction_peak", "energy", kHostFractionPeak.value);
  const Dimension carbon = dim::carbon();
  c.embodied_host_kg = at_least(energy, "embodied_host_kg_per_gpu", "energy", kEmbodiedHost.value, 0, false, &carbon, 1);
  return c;
}

CostConfig parse_cost(const json& cost, std::vector<std::string>& warnings) {
  using namespace defaults;
  unknown_fields(cost, {"unit_cost", "server_fraction", "network_fraction", "storage_fraction", "facility_usd_per_w",
                        "facility_years", "colo_usd_per_kw_month", "maintenance_fraction", "staff_usd_per_year",
                        "cloud_usd_per_gpu_hour"},
                 "cost", warnings);
  CostConfig c;
  const Dimension money = dim::money();
  if (field(cost, "unit_cost")) c.unit_cost = at_least(cost, "unit_cost", "cost", 0, 0, false, &money, 1);
  c.server_fraction = at_least(cost, "server_fraction", "cost", kServerFraction.value, 0);
  c.network_fraction = at_least(cost, "network_fraction", "cost", kNetworkFraction.value, 0);
  c.storage_fraction = at_least(cost, "storage_fraction", "cost", kStorageFraction.value, 0);
  c.facility_usd_per_w = at_least(cost, "facility_usd_per_w", "cost", kFacilityUsdPerW.value, 0);
  c.facility_years = at_least(cost, "facility_years", "cost", kFacilityYears.value, 0, true);
  if (field(cost, "colo_usd_per_kw_month"))
    c.colo_usd_per_kw_month = at_least(cost, "colo_usd_per_kw_month", "cost", 0, 0);
  c.maintenance_fraction = at_least(cost, "maintenance_fraction", "cost", kMaintenanceFraction.value, 0);
  c.staff_usd_per_year = at_least(cost, "staff_usd_per_year", "cost", kStaffUsdPerYear.value, 0);
  c.cloud_usd_per_gpu_hour = at_least(cost, "cloud_usd_per_gpu_hour", "cost", kCloudUsdPerGpuHour.value, 0);
  return c;
}

void parse_site_blocks(Scenario& s, const json& scenario, const Catalog& catalog) {
  static const json empty = json::object();
  auto block = [&](const char* key) -> const json& {
    const json* b = field(scenario, key);
    if (!b) return empty;
    if (!b->is_object()) throw InputError(key, "must be an object");
    return *b;
  };
  s.traffic = parse_traffic(scenario, s.mode, s.warnings);
  s.site = parse_site(block("site"), catalog, s.warnings);
  s.energy = parse_energy(block("energy"), s.warnings);
  s.cost = parse_cost(block("cost"), s.warnings);
}

}  // namespace mlsysim
