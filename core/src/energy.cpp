#include "mlsysim/energy.hpp"

#include <algorithm>

namespace mlsysim {

double gpu_power_w(double tdp_w, double u, double f_idle) { return tdp_w * (f_idle + (1 - f_idle) * u); }

double it_power_w(double gpus, double tdp_w, double u, const EnergyConfig& e) {
  return gpus * (gpu_power_w(tdp_w, u, e.idle_fraction) + e.host_fraction * tdp_w);
}

double average_it_power_w(double gpus, double tdp_w, double u, double U, const EnergyConfig& e) {
  return gpus * (U * gpu_power_w(tdp_w, u, e.idle_fraction) + (1 - U) * gpu_power_w(tdp_w, 0, e.idle_fraction) +
                 e.host_fraction * tdp_w);
}

Footprint footprint(double energy_it_j, double hours, double gpus, double embodied_per_gpu_kg, const PlaceFigures& p,
                    double years, double U) {
  Footprint f;
  f.energy_it_kwh = energy_it_j / kJoulesPerKwh;  // kWh before CI, WUE, EWIF or prices apply
  f.energy_kwh = f.energy_it_kwh * p.pue;
  f.carbon_operational_kg = f.energy_kwh * p.ci_g_per_kwh / 1000;
  if (p.ci_marginal_g_per_kwh) f.carbon_marginal_kg = f.energy_kwh * *p.ci_marginal_g_per_kwh / 1000;
  f.carbon_embodied_kg = embodied_per_gpu_kg * gpus * hours / (years * kHoursPerYear * U);
  f.water_onsite_l = f.energy_it_kwh * p.wue_l_per_kwh;  // WUE is per IT kWh (The Green Grid)
  f.water_offsite_l = f.energy_kwh * p.ewif_l_per_kwh;
  return f;
}

PlaceFigures place_of(const SiteConfig& s) {
  PlaceFigures p;
  p.pue = s.pue;
  p.ci_g_per_kwh = s.ci_g_per_kwh;
  p.wue_l_per_kwh = s.wue_l_per_kwh;
  p.ewif_l_per_kwh = s.ewif_l_per_kwh;
  p.ci_marginal_g_per_kwh = s.ci_marginal_g_per_kwh;
  return p;
}

EnergyResult solve_energy(const EnergyWork& w, const SiteConfig& site, const EnergyConfig& e, const Catalog& catalog) {
  EnergyResult r;
  r.scope = w.scope;
  r.unit = w.unit;
  const double U = site.utilization, N = w.gpus, tdp = w.tdp_w;
  r.power_gpu_w = gpu_power_w(tdp, w.busy_fraction, e.idle_fraction);
  r.power_host_w = e.host_fraction * tdp;
  r.power_w = it_power_w(N, tdp, w.busy_fraction, e);
  r.power_facility_w = r.power_w * site.pue;
  r.power_avg_w = average_it_power_w(N, tdp, w.busy_fraction, U, e);
  r.joules_per_unit = w.units_per_s > 0 ? r.power_w / w.units_per_s : 0;
  r.joules_per_unit_facility = r.joules_per_unit * site.pue;
  const double embodied = w.embodied_gpu_kg + e.embodied_host_kg;

  // Annual: the average power over 8760 h; busy hours H = 8760·U_site.
  r.annual_units = w.units_per_s * kSecondsPerYear * U;
  const double annual_j = r.power_avg_w * kSecondsPerYear, annual_h = kHoursPerYear * U;
  // The scope: a batch or a run at P_IT for its duration, or the year.
  double scope_j = annual_j, scope_h = annual_h;
  if (w.scope == "year") {
    r.scope_s = kSecondsPerYear;
    r.scope_units = r.annual_units;
  } else {
    r.scope_s = w.scope_s;
    r.scope_units = w.scope_units ? *w.scope_units : w.units_per_s * w.scope_s;
    scope_j = r.power_w * w.scope_s;
    scope_h = w.scope_s / 3600;
  }
  auto compute = [&](const PlaceFigures& p, double j, double h) { return footprint(j, h, N, embodied, p, site.years, U); };
  const PlaceFigures here = place_of(site);
  r.f = compute(here, scope_j, scope_h);
  r.annual = compute(here, annual_j, annual_h);

  // The same workload in every compared region: its CI, PUE and WUE unless the user set them.
  std::vector<std::string> names = site.compare_regions;
  if (names.empty())
    for (const auto& reg : catalog.regions()) names.push_back(reg.name);
  if (std::find(names.begin(), names.end(), site.region.name) == names.end()) names.push_back(site.region.name);
  for (const auto& name : names) {
    const RegionFigures g = region_figures(catalog.region(name, "site.compare_regions"));
    PlaceFigures p = here;
    p.pue = site.pue_set ? site.pue : g.pue;
    p.wue_l_per_kwh = site.wue_set ? site.wue_l_per_kwh : g.wue_l_per_kwh;
    p.ci_g_per_kwh = site.ci_set ? site.ci_g_per_kwh : g.ci_g_per_kwh;
    p.ci_marginal_g_per_kwh.reset();
    RegionRow row;
    row.name = g.name;
    row.display_name = g.display_name;
    row.pue = p.pue;
    row.ci_g_per_kwh = p.ci_g_per_kwh;
    row.wue_l_per_kwh = p.wue_l_per_kwh;
    row.f = compute(p, scope_j, scope_h);
    row.selected = g.name == site.region.name;
    r.regions.push_back(row);
  }
  std::stable_sort(r.regions.begin(), r.regions.end(),
                   [](const RegionRow& a, const RegionRow& b) { return a.f.carbon_kg() < b.f.carbon_kg(); });

  const std::string src = "MODELS.md §K";
  const std::string region_src = "catalog region " + site.region.name + ": " + site.region.source;
  auto& x = r.explain;
  x.push_back({"energy.power_w", "N·(TDP·(f_idle + (1 − f_idle)·u) + f_host·TDP)",
               {{"N", N, "GPUs", ""}, {"TDP", tdp, "W", "catalog hardware.tdp"},
                {"u", w.busy_fraction, "", "performance.busy_fraction (kernel busy time / step time, not MFU)"},
                {"f_idle", e.idle_fraction, "", defaults::kIdleFraction.source},
                {"f_host", e.host_fraction, "", defaults::kHostFraction.source}},
               src});
  x.push_back({"energy.energy_kwh", w.scope == "year" ? "P_avg·8760 h·PUE, P_avg = N·(U·P_gpu(u) + (1 − U)·P_gpu(0) + P_host)"
                                                      : "P_IT·t·PUE/3.6e6",
               {{"P_avg", r.power_avg_w, "W", ""}, {"P_IT", r.power_w, "W", ""}, {"t", r.scope_s, "s", ""},
                {"U", U, "", site.utilization == defaults::kSiteUtilization.value ? defaults::kSiteUtilization.source : "scenario site.utilization"},
                {"PUE", site.pue, "", site.pue_set ? "scenario site.pue" : region_src}},
               src});
  x.push_back({"energy.carbon_operational_kg", "E_fac,kWh·CI/1000",
               {{"E_fac", r.f.energy_kwh, "kWh", ""},
                {"CI", site.ci_g_per_kwh, "gCO2e/kWh", site.ci_set ? "scenario site.carbon_intensity" : region_src}},
               src});
  x.push_back({"energy.carbon_embodied_kg", "(embodied_gpu + embodied_host)·N·H_run/(years·8760·U)",
               {{"embodied_gpu", w.embodied_gpu_kg, "kgCO2e", "catalog hardware.embodied_carbon"},
                {"embodied_host", e.embodied_host_kg, "kgCO2e", defaults::kEmbodiedHost.source},
                {"H_run", scope_h, "h", ""}, {"years", site.years, "years", defaults::kSiteYears.source}},
               src});
  x.push_back({"energy.water_l", "E_IT,kWh·WUE + E_fac,kWh·EWIF",
               {{"E_IT", r.f.energy_it_kwh, "kWh", ""},
                {"WUE", site.wue_l_per_kwh, "L/kWh", site.wue_set ? "scenario site.wue" : region_src},
                {"EWIF", site.ewif_l_per_kwh, "L/kWh", defaults::kSiteEwif.source}},
               src});
  return r;
}

}  // namespace mlsysim
