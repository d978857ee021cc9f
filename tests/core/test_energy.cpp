// MODELS.md §K by hand: power from the busy fraction (W1, W2), facility energy, carbon by region
// (W6 inputs given as numbers), water, embodied amortization, the region comparison, invariants and
// the site/energy blocks' bad inputs.
#include <doctest/doctest.h>

#include <cmath>

#include "mlsysim/catalog.hpp"
#include "mlsysim/energy.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace mlsysim;

namespace {

SiteConfig site_for(const char* region) {
  std::vector<std::string> warnings;
  return parse_site({{"region", region}}, Catalog::builtin(), warnings);
}

void check_error(const json& scenario, const std::string& path, const std::string& message) {
  const json e = solve_error(scenario);
  CHECK(e["path"] == path);
  CHECK(e["message"] == message);
}

const json kW2 = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "serving"},
                  {"seq_len", 2048},       {"output_len", 256},   {"batch_size", 32},   {"cluster", {{"tp", 8}}}};

}  // namespace

TEST_CASE("power: P_gpu(u) = TDP·(0.3 + 0.7u), host 0.35·TDP per GPU (W1, W2)") {
  const EnergyConfig e;
  CHECK(gpu_power_w(400, 0, 0.3) == doctest::Approx(120));
  CHECK(gpu_power_w(400, 1, 0.3) == doctest::Approx(400));
  CHECK(gpu_power_w(400, 0.956, 0.3) == doctest::Approx(387.7).epsilon(1e-3));
  CHECK(it_power_w(8, 700, 0.610378, e) == doctest::Approx(8 * (700 * (0.3 + 0.7 * 0.610378) + 245)).epsilon(1e-12));
  // W2 through the engine: u = 0.610, P_gpu = 509.1 W, 6.03 kW IT, 3.36 J per token (3.76 at PUE 1.12).
  const json r = solve_ok(kW2);
  const json& en = r["energy"];
  const double u = r["performance"]["busy_fraction"];
  CHECK(en["busy_fraction"].get<double>() == u);
  CHECK(en["power_gpu_w"].get<double>() == doctest::Approx(700 * (0.3 + 0.7 * u)).epsilon(1e-12));
  CHECK(en["power_gpu_w"].get<double>() == doctest::Approx(509.1).epsilon(1e-3));
  CHECK(en["power_w"].get<double>() == doctest::Approx(6032.7).epsilon(1e-4));
  CHECK(en["joules_per_unit"].get<double>() == doctest::Approx(6032.7 / 1795.5).epsilon(1e-3));
  CHECK(en["joules_per_unit_facility"].get<double>() == doctest::Approx(3.76).epsilon(2e-3));
  CHECK(en["scope"] == "year");
  // Annual: P_avg = N·(U·P_gpu(u) + (1 − U)·P_gpu(0) + P_host), 8760 h, ×PUE.
  const double p_avg = 8 * (0.8 * 700 * (0.3 + 0.7 * u) + 0.2 * 210 + 245);
  CHECK(en["power_avg_w"].get<double>() == doctest::Approx(p_avg).epsilon(1e-12));
  CHECK(en["energy_it_kwh"].get<double>() == doctest::Approx(p_avg * 8760 / 1000).epsilon(1e-12));
  CHECK(en["energy_kwh"].get<double>() == doctest::Approx(p_avg * 8760 / 1000 * 1.12).epsilon(1e-12));
  CHECK(en["carbon_operational_kg"].get<double>() == doctest::Approx(p_avg * 8760 / 1000 * 1.12 * 0.429).epsilon(1e-12));
  // Embodied per year: (164 + 200)·8/3.
  CHECK(en["carbon_embodied_kg"].get<double>() == doctest::Approx(364.0 * 8 / 3).epsilon(1e-12));
  CHECK(en["water_onsite_l"].get<double>() == doctest::Approx(p_avg * 8760 / 1000 * 1.8).epsilon(1e-12));  // IT kWh × WUE
  CHECK(en["water_offsite_l"].get<double>() == 0);
  // W1 (ResNet-50 on A100, B = 1): 0.173 J per image of IT energy; one batch is the scope.
  const json w1 = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 1}});
  CHECK(w1["energy"]["scope"] == "batch");
  CHECK(w1["energy"]["joules_per_unit"].get<double>() == doctest::Approx(0.173).epsilon(2e-3));
  CHECK(w1["energy"]["energy_it_kwh"].get<double>() ==
        doctest::Approx(w1["energy"]["power_w"].get<double>() * w1["performance"]["latency_s"].get<double>() / 3.6e6).epsilon(1e-12));
}

TEST_CASE("W6 carbon from its inputs as numbers: US_Avg vs Quebec") {
  // P_IT = 1024·(564.0 + 245) W, 4 799.8 h: E_IT = 3.976e6 kWh (W6).
  const EnergyConfig e;
  const double p_it = it_power_w(1024, 700, 0.7225, e);
  CHECK(p_it == doctest::Approx(828.4e3).epsilon(1e-4));
  const double hours = 200.0 * 24;  // W6 rounds 4 799.8 h
  const double e_it_j = p_it * hours * 3600;
  const SiteConfig us = site_for("US_Avg"), qc = site_for("quebec");  // case-insensitive
  // Embodied per GPU = H100 164 kg + the 200 kg host prior.
  const Footprint a = footprint(e_it_j, hours, 1024, 364, place_of(us), 3, 0.8);
  const Footprint b = footprint(e_it_j, hours, 1024, 364, place_of(qc), 3, 0.8);
  const Footprint& a_all = a;
  CHECK(a.energy_it_kwh == doctest::Approx(3.976e6).epsilon(1e-3));
  CHECK(a.energy_kwh == doctest::Approx(4.454e6).epsilon(1e-3));
  CHECK(b.energy_kwh == doctest::Approx(4.215e6).epsilon(1e-3));
  CHECK(a.carbon_operational_kg == doctest::Approx(1911e3).epsilon(1e-3));
  CHECK(b.carbon_operational_kg == doctest::Approx(84.3e3).epsilon(1e-3));
  CHECK(a_all.carbon_embodied_kg == doctest::Approx(85.1e3).epsilon(1e-3));
  CHECK(a.water_onsite_l == doctest::Approx(7.16e6).epsilon(1e-3));
  CHECK(b.water_onsite_l == 0);  // WUE 0: no on-site water
  // The ratio of operational carbon = ratio of intensities × ratio of PUEs.
  CHECK(a.carbon_operational_kg / b.carbon_operational_kg == doctest::Approx((429.0 / 20) * (1.12 / 1.06)).epsilon(1e-12));
  CHECK(a.carbon_operational_kg / b.carbon_operational_kg == doctest::Approx(22.7).epsilon(2e-3));
  // Per million tokens (15e12 tokens): 133 g in US_Avg.
  CHECK((a.carbon_operational_kg + a_all.carbon_embodied_kg) * 1e3 / 15e6 == doctest::Approx(133).epsilon(3e-3));
}

TEST_CASE("energy invariants: linear in time, E_fac = E_IT·PUE, carbon linear in CI, Quebec < US_Avg < Poland") {
  const SiteConfig us = site_for("US_Avg");
  const PlaceFigures p = place_of(us);
  const Footprint one = footprint(3.6e9, 10, 8, 364, p, 3, 0.8), two = footprint(7.2e9, 20, 8, 364, p, 3, 0.8);
  CHECK(two.energy_kwh == doctest::Approx(2 * one.energy_kwh).epsilon(1e-15));
  CHECK(two.carbon_kg() == doctest::Approx(2 * one.carbon_kg()).epsilon(1e-15));
  CHECK(two.water_l() == doctest::Approx(2 * one.water_l()).epsilon(1e-15));
  CHECK(one.energy_kwh == one.energy_it_kwh * p.pue);
  PlaceFigures p2 = p;
  p2.ci_g_per_kwh *= 2;
  CHECK(footprint(3.6e9, 10, 8, 364, p2, 3, 0.8).carbon_operational_kg == doctest::Approx(2 * one.carbon_operational_kg));
  // Embodied share grows as U_site falls.
  CHECK(footprint(3.6e9, 10, 8, 364, p, 3, 0.4).carbon_embodied_kg > one.carbon_embodied_kg);
  // P_gpu(0) = f_idle·TDP ≤ P_gpu(u) ≤ TDP.
  for (double u = 0; u <= 1; u += 0.1) {
    CHECK(gpu_power_w(700, u, 0.3) >= 210 - 1e-9);
    CHECK(gpu_power_w(700, u, 0.3) <= 700 + 1e-9);
  }
  // The region comparison: every catalog region, sorted by carbon, the selected one marked.
  const json r = solve_ok(kW2);
  const json& regions = r["energy"]["regions"];
  CHECK(regions.size() == Catalog::builtin().regions().size());
  double carbon_of_quebec = 0, carbon_of_us = 0, carbon_of_poland = 0;
  int selected = 0;
  for (size_t i = 0; i < regions.size(); ++i) {
    if (i) CHECK(regions[i]["carbon_kg"].get<double>() >= regions[i - 1]["carbon_kg"].get<double>());
    if (regions[i]["region"] == "Quebec") carbon_of_quebec = regions[i]["carbon_kg"];
    if (regions[i]["region"] == "US_Avg") carbon_of_us = regions[i]["carbon_kg"];
    if (regions[i]["region"] == "Poland") carbon_of_poland = regions[i]["carbon_kg"];
    selected += regions[i]["selected"].get<bool>();
  }
  CHECK(selected == 1);
  CHECK(carbon_of_quebec < carbon_of_us);
  CHECK(carbon_of_us < carbon_of_poland);
  CHECK(carbon_of_us == doctest::Approx(r["energy"]["carbon_kg"].get<double>()).epsilon(1e-15));
  CHECK(r["energy"]["carbon_ratio_max_min"].get<double>() > 10);
  // Iowa vs Quebec for the same workload: the operational ratio is CI × PUE.
  json iowa = kW2, quebec = kW2;
  iowa["site"] = {{"region", "Iowa"}};
  quebec["site"] = {{"region", "Quebec"}};
  const double op_iowa = solve_ok(iowa)["energy"]["carbon_operational_kg"], op_qc = solve_ok(quebec)["energy"]["carbon_operational_kg"];
  CHECK(op_iowa / op_qc == doctest::Approx(680.0 / 20 * 1.12 / 1.06).epsilon(1e-12));
  // compare_regions restricts the list; a user PUE is held fixed across it.
  json pick = kW2;
  pick["site"] = {{"compare_regions", {"Quebec", "poland"}}, {"pue", 1.3}};
  const json rp = solve_ok(pick);
  CHECK(rp["energy"]["regions"].size() == 3);  // + the selected US_Avg
  for (const auto& row : rp["energy"]["regions"]) CHECK(row["pue"].get<double>() == 1.3);
}

TEST_CASE("site overrides: marginal intensity, off-site water, no TDP, no embodied figure") {
  json s = kW2;
  s["site"] = {{"carbon_intensity_marginal", 700}, {"ewif", 2.0}, {"wue", "0.5 L/kWh"}};
  const json r = solve_ok(s);
  const json& en = r["energy"];
  CHECK(en["carbon_marginal_kg"].get<double>() == doctest::Approx(en["energy_kwh"].get<double>() * 0.7).epsilon(1e-12));
  CHECK(en["water_offsite_l"].get<double>() == doctest::Approx(en["energy_kwh"].get<double>() * 2).epsilon(1e-12));
  CHECK(en["water_onsite_l"].get<double>() == doctest::Approx(en["energy_it_kwh"].get<double>() * 0.5).epsilon(1e-12));
  CHECK_FALSE(solve_ok(kW2)["energy"].contains("carbon_marginal_kg"));
  const json no_tdp = solve_ok({{"model", "ResNet50"}, {"hardware", "Graphcore_GC200"}});
  CHECK_FALSE(no_tdp.contains("energy"));
  CHECK(has_warning(no_tdp, "NO_TDP"));
  const json b200 = solve_ok({{"model", "ResNet50"}, {"hardware", "B200"}});
  CHECK(has_warning(b200, "NO_EMBODIED_CARBON"));
}

TEST_CASE("site and energy blocks: bad inputs name the path and the rule") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}};
  auto site = [&](const json& v) {
    json s = base;
    s["site"] = v;
    return s;
  };
  auto energy = [&](const json& v) {
    json s = base;
    s["energy"] = v;
    return s;
  };
  const json e = solve_error(site({{"region", "Mars"}}));
  CHECK(e["path"] == "site.region");
  CHECK(e["message"].get<std::string>().rfind("unknown region 'Mars'; did you mean ", 0) == 0);
  const json near = solve_error(site({{"region", "Quebc"}}));
  CHECK(near["message"].get<std::string>().find("Quebec") != std::string::npos);
  check_error(site({{"pue", 0.9}}), "site.pue", "must be ≥ 1 (got 0.9)");
  check_error(site({{"wue", -1}}), "site.wue", "must be ≥ 0 (got -1)");
  check_error(site({{"ewif", -0.5}}), "site.ewif", "must be ≥ 0 (got -0.5)");
  check_error(site({{"carbon_intensity", -10}}), "site.carbon_intensity", "must be ≥ 0 (got -10)");
  check_error(site({{"years", 0}}), "site.years", "must be > 0 (got 0)");
  check_error(site({{"years", -2}}), "site.years", "must be > 0 (got -2)");
  check_error(site({{"utilization", 0}}), "site.utilization", "must be in (0, 1] (got 0)");
  check_error(site({{"utilization", 1.2}}), "site.utilization", "must be in (0, 1] (got 1.2)");
  check_error(site({{"price_per_kwh", -0.1}}), "site.price_per_kwh", "must be ≥ 0 (got -0.1)");
  check_error(site({{"wue", "3 W"}}), "site.wue", "expected L/kWh (got '3 W')");
  check_error(site({{"compare_regions", "Quebec"}}), "site.compare_regions", "must be a list of region names");
  check_error(site(42), "site", "must be an object");
  check_error(energy({{"idle_fraction", 1.5}}), "energy.idle_fraction", "must be in [0, 1] (got 1.5)");
  check_error(energy({{"host_power_fraction", -0.1}}), "energy.host_power_fraction", "must be in [0, 1] (got -0.1)");
  check_error(energy({{"embodied_host_kg_per_gpu", -1}}), "energy.embodied_host_kg_per_gpu", "must be ≥ 0 (got -1)");
  // Unit strings are accepted in their dimension; the region matches case-insensitively.
  const json ok = solve_ok(site({{"region", "quebec"}, {"carbon_intensity", "50 gCO2e/kWh"}}));
  CHECK(ok["energy"]["region"]["name"] == "Quebec");
  CHECK(ok["energy"]["region"]["ci"].get<double>() == doctest::Approx(50).epsilon(1e-12));
  CHECK_FALSE(has_warning(ok, "NOT_MODELED"));
}

TEST_CASE("W6 through the engine: the W3 training run's energy and carbon, US_Avg vs Quebec") {
  const json w3 = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "training"},
                   {"seq_len", 8192},       {"batch_size", 1024},  {"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}}},
                   {"training", {{"tokens", 15e12}}}};
  const json r = solve_ok(w3);
  const json& e = r["energy"];
  CHECK(e["scope"] == "run");
  CHECK(e["scope_s"].get<double>() == r["reliability"]["effective_time_to_train_s"].get<double>());
  CHECK(e["busy_fraction"].get<double>() == doctest::Approx(0.7225).epsilon(1e-3));
  CHECK(e["power_w"].get<double>() == doctest::Approx(828.4e3).epsilon(1e-4));
  CHECK(e["energy_it_kwh"].get<double>() == doctest::Approx(3.976e6).epsilon(1e-3));
  CHECK(e["energy_kwh"].get<double>() == doctest::Approx(4.454e6).epsilon(1e-3));
  CHECK(e["carbon_operational_kg"].get<double>() == doctest::Approx(1911e3).epsilon(1e-3));
  CHECK(e["carbon_embodied_kg"].get<double>() == doctest::Approx(85.1e3).epsilon(1e-3));
  CHECK(e["carbon_kg"].get<double>() == doctest::Approx(1996e3).epsilon(1e-3));
  CHECK(e["water_onsite_l"].get<double>() == doctest::Approx(7.16e6).epsilon(1e-3));
  CHECK(e["g_co2_per_million_tokens"].get<double>() == doctest::Approx(133).epsilon(3e-3));
  for (const auto& row : e["regions"])
    if (row["region"] == "Quebec") {
      CHECK(row["carbon_operational_kg"].get<double>() == doctest::Approx(84.3e3).epsilon(1e-3));
      CHECK(row["carbon_kg"].get<double>() == doctest::Approx(169.4e3).epsilon(1e-3));
    }
  // §L training rule: run cost at the owned rate per busy GPU-hour over the effective time.
  const json& c = r["cost"];
  CHECK(c["run_usd"].get<double>() ==
        doctest::Approx(c["usd_per_gpu_hour"].get<double>() * 1024 * e["scope_s"].get<double>() / 3600).epsilon(1e-12));
  CHECK(c["usd_per_million_tokens"].get<double>() == doctest::Approx(1e6 * c["run_usd"].get<double>() / 15e12).epsilon(1e-12));
  CHECK_FALSE(c.contains("usd_per_query"));
}
