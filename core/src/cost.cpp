#include "mlsysim/cost.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/energy.hpp"

namespace mlsysim {

CostResult solve_cost(const CostWork& w, const CostConfig& c, const SiteConfig& site, const EnergyConfig& e) {
  CostResult r;
  const double N = w.gpus, Y = site.years, U = site.utilization;
  r.years = Y;
  r.unit = w.unit;
  r.unit_cost_usd = w.unit_cost_usd;
  r.price_per_kwh = site.price_per_kwh;

  // CapEx: GPUs, their share of servers, then network and storage on (GPU + server).
  r.capex_accelerators_usd = N * w.unit_cost_usd;
  r.capex_servers_usd = r.capex_accelerators_usd * c.server_fraction;
  const double gpu_server = r.capex_accelerators_usd + r.capex_servers_usd;
  r.capex_network_usd = gpu_server * c.network_fraction;
  r.capex_storage_usd = gpu_server * c.storage_fraction;
  r.capex_hw_usd = gpu_server * (1 + c.network_fraction + c.storage_fraction);
  r.peak_it_w = N * w.tdp_w * (1 + e.host_fraction_peak);
  const bool colo = c.colo_usd_per_kw_month.has_value();
  r.capex_facility_usd = colo ? 0 : c.facility_usd_per_w * r.peak_it_w;
  r.capex_usd = r.capex_hw_usd + r.capex_facility_usd;

  // OpEx per year: facility energy at the site's price, maintenance, staff, colocation rent.
  r.energy_kwh_per_year = w.power_avg_it_w * kSecondsPerYear / kJoulesPerKwh * site.pue;
  r.opex_electricity_usd_per_year = r.energy_kwh_per_year * site.price_per_kwh;
  r.opex_maintenance_usd_per_year = c.maintenance_fraction * r.capex_hw_usd;
  r.opex_staff_usd_per_year = c.staff_usd_per_year;
  r.opex_colocation_usd_per_year = colo ? 12 * *c.colo_usd_per_kw_month * r.peak_it_w / 1000 : 0;
  r.opex_usd_per_year = r.opex_electricity_usd_per_year + r.opex_maintenance_usd_per_year + r.opex_staff_usd_per_year +
                        r.opex_colocation_usd_per_year;

  const double facility_share = r.capex_facility_usd * std::min(1.0, Y / c.facility_years);
  r.tco_usd = r.capex_hw_usd + facility_share + Y * r.opex_usd_per_year;
  r.usd_per_year = r.tco_usd / Y;
  const double busy_gpu_hours = N * Y * kHoursPerYear * U;
  r.usd_per_gpu_hour = busy_gpu_hours > 0 ? r.tco_usd / busy_gpu_hours : 0;
  r.cloud_usd = busy_gpu_hours * c.cloud_usd_per_gpu_hour;  // pay only for busy hours

  r.units_per_year = w.units_per_s * kSecondsPerYear * U;
  if (r.units_per_year > 0) {
    r.usd_per_million_units = 1e6 * r.usd_per_year / r.units_per_year;
    r.cloud_usd_per_million_units = 1e6 * (r.cloud_usd / Y) / r.units_per_year;
    const double queries_per_year = r.units_per_year / w.units_per_query;
    r.usd_per_query = r.usd_per_year / queries_per_year;
    r.cloud_usd_per_query = (r.cloud_usd / Y) / queries_per_year;
  }
  if (w.run_s) {  // training: goodput-aware run cost at the owned cost per busy GPU-hour
    r.run_usd = r.usd_per_gpu_hour * N * *w.run_s / 3600;
    r.cloud_run_usd = c.cloud_usd_per_gpu_hour * N * *w.run_s / 3600;
    if (w.run_units && *w.run_units > 0) r.usd_per_million_units = 1e6 * *r.run_usd / *w.run_units;
    if (w.run_units && *w.run_units > 0) r.cloud_usd_per_million_units = 1e6 * *r.cloud_run_usd / *w.run_units;
  }

  // Breakdown: straight-line over the years (hardware over site.years, the facility's share over
  // the same years); each category's per-year values sum to its total, and the totals to tco_usd.
  const int n_years = static_cast<int>(std::ceil(Y - 1e-9));
  for (int i = 1; i <= n_years; ++i) r.breakdown_years.push_back(i);
  auto add = [&](const char* name, double total) {
    CostCategory k;
    k.name = name;
    k.total_usd = total;
    for (int i = 1; i <= n_years; ++i) k.usd_per_year.push_back(total / Y * std::min(1.0, Y - (i - 1)));
    r.breakdown.push_back(k);
  };
  add("accelerators", r.capex_accelerators_usd);
  add("servers", r.capex_servers_usd);
  add("network", r.capex_network_usd);
  add("storage", r.capex_storage_usd);
  add("facility", facility_share);
  add("electricity", Y * r.opex_electricity_usd_per_year);
  add("maintenance", Y * r.opex_maintenance_usd_per_year);
  add("staff", Y * r.opex_staff_usd_per_year);
  add("colocation", Y * r.opex_colocation_usd_per_year);

  using namespace defaults;
  const std::string src = "MODELS.md §L";
  auto& x = r.explain;
  x.push_back({"cost.capex_hw_usd", "N·unit_cost·(1 + server_fraction)·(1 + network_fraction + storage_fraction)",
               {{"N", N, "GPUs", ""}, {"unit_cost", w.unit_cost_usd, "USD", "cost.unit_cost or catalog hardware.unit_cost"},
                {"server_fraction", c.server_fraction, "", kServerFraction.source},
                {"network_fraction", c.network_fraction, "", kNetworkFraction.source},
                {"storage_fraction", c.storage_fraction, "", kStorageFraction.source}},
               src});
  x.push_back({"cost.capex_facility_usd", colo ? "0 (colocation rent replaces the facility)" : "facility_usd_per_w·N·TDP·(1 + f_host,peak)",
               {{"facility_usd_per_w", c.facility_usd_per_w, "USD/W", kFacilityUsdPerW.source},
                {"P_peak,IT", r.peak_it_w, "W", ""}, {"f_host,peak", e.host_fraction_peak, "", kHostFractionPeak.source}},
               src});
  x.push_back({"cost.opex_usd_per_year",
               "E_fac,year·price + maintenance_fraction·capex_hw + staff + 12·colo·P_peak,IT/1000",
               {{"E_fac,year", r.energy_kwh_per_year, "kWh", "§K P_avg·8760 h·PUE"},
                {"price", site.price_per_kwh, "USD/kWh", site.price_source},
                {"maintenance_fraction", c.maintenance_fraction, "1/year", kMaintenanceFraction.source},
                {"staff", c.staff_usd_per_year, "USD/year", kStaffUsdPerYear.source}},
               src});
  x.push_back({"cost.tco_usd", "capex_hw + capex_facility·min(1, years/facility_years) + years·opex",
               {{"years", Y, "years", kSiteYears.source}, {"facility_years", c.facility_years, "years", kFacilityYears.source}},
               src});
  if (r.units_per_year > 0)
    x.push_back({std::string("cost.usd_per_million_") + w.unit + "s", "1e6·(tco/years)/(rate·3600·8760·U_site)",
                 {{"rate", w.units_per_s, w.unit + "s/s", ""}, {"U_site", U, "", kSiteUtilization.source}}, src});
  x.push_back({"cost.cloud_usd", "N·years·8760·U_site·cloud_usd_per_gpu_hour",
               {{"cloud_usd_per_gpu_hour", c.cloud_usd_per_gpu_hour, "USD/GPU-hour", kCloudUsdPerGpuHour.source}}, src});
  return r;
}

}  // namespace mlsysim
