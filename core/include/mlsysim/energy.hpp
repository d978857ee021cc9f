// Energy, carbon and water (MODELS.md §K). Generic inputs — GPU count, TDP, busy fraction, the
// duration of the modeled activity and the useful output rate — so every mode calls the same
// functions: inference (one batch + annual), serving (one year at U_site), training (one run).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mlsysim/catalog.hpp"
#include "mlsysim/explain.hpp"
#include "mlsysim/site_inputs.hpp"

namespace mlsysim {

constexpr double kJoulesPerKwh = 3.6e6;
constexpr double kHoursPerYear = 8760;
constexpr double kSecondsPerYear = kHoursPerYear * 3600;

// P_gpu(u) = TDP·(f_idle + (1 − f_idle)·u): u is the kernel busy fraction, never MFU (§N.14).
double gpu_power_w(double tdp_w, double busy_fraction, double idle_fraction);
// P_IT = N·(P_gpu(u) + f_host·TDP) while the modeled activity runs.
double it_power_w(double gpus, double tdp_w, double busy_fraction, const EnergyConfig& e);
// P_avg = N·(U_site·P_gpu(u) + (1 − U_site)·P_gpu(0) + f_host·TDP): the annual average IT power.
double average_it_power_w(double gpus, double tdp_w, double busy_fraction, double site_utilization,
                          const EnergyConfig& e);

// Where the energy is used: the grid and facility figures the footprint depends on.
struct PlaceFigures {
  double pue = 1, ci_g_per_kwh = 0, wue_l_per_kwh = 0, ewif_l_per_kwh = 0;
  std::optional<double> ci_marginal_g_per_kwh;
};

struct Footprint {
  double energy_it_kwh = 0, energy_kwh = 0;  // IT and facility (= IT·PUE)
  double carbon_operational_kg = 0, carbon_embodied_kg = 0;
  std::optional<double> carbon_marginal_kg;
  double water_onsite_l = 0, water_offsite_l = 0;
  double carbon_kg() const { return carbon_operational_kg + carbon_embodied_kg; }
  double water_l() const { return water_onsite_l + water_offsite_l; }
};

// The footprint of an IT energy `energy_it_j` (J) used over `hours` of a run on `gpus` GPUs whose
// embodied carbon per GPU (device + host prior) is amortized over years·8760·U_site busy hours.
Footprint footprint(double energy_it_j, double hours, double gpus, double embodied_per_gpu_kg, const PlaceFigures& p,
                    double years, double site_utilization);

// What a mode hands to the energy model.
struct EnergyWork {
  double gpus = 1, tdp_w = 0, busy_fraction = 0;
  double embodied_gpu_kg = 0;       // catalog hardware.embodied_carbon (0 when unknown)
  double units_per_s = 0;           // useful output of the whole system while active
  std::string unit = "token";       // "token" | "sample"
  std::string scope = "year";       // "batch" (one batch + annual figures) | "year" | "run"
  double scope_s = 0;               // seconds of the activity for "batch" and "run"
  std::optional<double> scope_units;  // units of work in the scope when not units_per_s·scope_s (training tokens)
};

struct RegionRow {
  std::string name, display_name;
  double pue = 1, ci_g_per_kwh = 0, wue_l_per_kwh = 0;
  Footprint f;
  bool selected = false;
};

struct EnergyResult {
  std::string scope, unit;
  double scope_s = 0, scope_units = 0;
  double power_gpu_w = 0, power_host_w = 0, power_w = 0, power_facility_w = 0, power_avg_w = 0;
  double joules_per_unit = 0, joules_per_unit_facility = 0;
  Footprint f;        // of the scope
  Footprint annual;   // one year at U_site
  double annual_units = 0;
  std::vector<RegionRow> regions;  // sorted by carbon_kg, lowest first
  std::vector<ExplainEntry> explain;
};

PlaceFigures place_of(const SiteConfig& site);

// The §K answer for a workload at the site; the region comparison covers site.compare_regions (every
// catalog region when empty), user-set pue/wue/carbon_intensity held fixed.
EnergyResult solve_energy(const EnergyWork& w, const SiteConfig& site, const EnergyConfig& e, const Catalog& catalog);

}  // namespace mlsysim
