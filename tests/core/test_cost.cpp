// MODELS.md §L by hand: W5 (3-year TCO of 64 H100) from its inputs, W2's 3.60 USD per million
// tokens through the engine, the breakdown, invariants and the cost block's bad inputs.
#include <doctest/doctest.h>

#include <numeric>

#include "mlsysim/catalog.hpp"
#include "mlsysim/cost.hpp"
#include "mlsysim/energy.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace mlsysim;

namespace {

SiteConfig us_avg() {
  std::vector<std::string> warnings;
  return parse_site(json::object(), Catalog::builtin(), warnings);  // default region US_Avg
}

CostWork w5_work(double gpus = 64) {
  const EnergyConfig e;
  CostWork w;
  w.gpus = gpus;
  w.tdp_w = 700;
  w.unit_cost_usd = 30000;
  w.power_avg_it_w = average_it_power_w(gpus, 700, 0.7225, 0.8, e);
  w.units_per_s = 857.7 * gpus;  // W3's per-GPU training rate (illustrative serving rule)
  return w;
}

void check_error(const json& scenario, const std::string& path, const std::string& message) {
  const json e = solve_error(scenario);
  CHECK(e["path"] == path);
  CHECK(e["message"] == message);
}

const json kW2 = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "serving"},
                  {"seq_len", 2048},       {"output_len", 256},   {"batch_size", 32},   {"cluster", {{"tp", 8}}}};

}  // namespace

TEST_CASE("W5: three-year TCO of 64 H100 in US_Avg (u = 0.7225)") {
  const SiteConfig site = us_avg();
  const EnergyConfig e;
  const CostResult c = solve_cost(w5_work(), CostConfig{}, site, e);
  CHECK(c.capex_hw_usd == doctest::Approx(3145920).epsilon(1e-12));   // 64·30 000·1.45·1.13
  CHECK(c.peak_it_w == doctest::Approx(67200).epsilon(1e-12));        // 64·700·1.50
  CHECK(c.capex_facility_usd == doctest::Approx(672000).epsilon(1e-12));
  CHECK(c.capex_usd == doctest::Approx(3817920).epsilon(1e-12));
  CHECK(average_it_power_w(1, 700, 0.7225, 0.8, e) == doctest::Approx(738.2).epsilon(1e-4));
  CHECK(c.energy_kwh_per_year == doctest::Approx(463541).epsilon(1e-5));
  CHECK(c.opex_electricity_usd_per_year == doctest::Approx(55625).epsilon(1e-4));
  CHECK(c.opex_maintenance_usd_per_year == doctest::Approx(157296).epsilon(1e-12));
  CHECK(c.opex_usd_per_year == doctest::Approx(212921).epsilon(1e-5));
  CHECK(c.tco_usd == doctest::Approx(3919083).epsilon(1e-6));
  CHECK(c.tco_usd == doctest::Approx(c.capex_hw_usd + c.capex_facility_usd * 3 / 15 + 3 * c.opex_usd_per_year).epsilon(1e-15));
  CHECK(c.usd_per_gpu_hour == doctest::Approx(2.91).epsilon(2e-3));
  CHECK(c.cloud_usd == doctest::Approx(5382144).epsilon(1e-12));
  CHECK(c.units_per_year == doctest::Approx(1.385e12).epsilon(1e-3));
  CHECK(c.usd_per_million_units == doctest::Approx(0.94).epsilon(5e-3));
  CHECK(c.cloud_usd_per_million_units == doctest::Approx(1.30).epsilon(5e-3));
  // The breakdown: per-year values sum to each total, the totals to tco_usd.
  REQUIRE(c.breakdown_years.size() == 3);
  double total = 0;
  for (const auto& k : c.breakdown) {
    CAPTURE(k.name);
    CHECK(std::accumulate(k.usd_per_year.begin(), k.usd_per_year.end(), 0.0) == doctest::Approx(k.total_usd).epsilon(1e-12));
    total += k.total_usd;
  }
  CHECK(total == doctest::Approx(c.tco_usd).epsilon(1e-12));
  // Training hook: the run cost at the owned rate per busy GPU-hour.
  CostWork run = w5_work();
  run.run_s = 86400;
  run.run_units = 1e12;
  const CostResult rc = solve_cost(run, CostConfig{}, site, e);
  CHECK(*rc.run_usd == doctest::Approx(rc.usd_per_gpu_hour * 64 * 24).epsilon(1e-12));
  CHECK(*rc.cloud_run_usd == doctest::Approx(4.0 * 64 * 24).epsilon(1e-12));
  CHECK(rc.usd_per_million_units == doctest::Approx(1e6 * *rc.run_usd / 1e12).epsilon(1e-12));
}

TEST_CASE("W2: 3.60 USD per million tokens, cloud 4.95, through the engine") {
  const json r = solve_ok(kW2);
  const json& c = r["cost"];
  CHECK(c["capex_hw_usd"].get<double>() == doctest::Approx(8 * 30000 * 1.45 * 1.13).epsilon(1e-12));
  CHECK(c["peak_it_w"].get<double>() == doctest::Approx(8400).epsilon(1e-12));
  CHECK(c["usd_per_year"].get<double>() == doctest::Approx(162.9e3).epsilon(1e-3));
  CHECK(c["tokens_per_year"].get<double>() == doctest::Approx(4.53e10).epsilon(1e-3));
  CHECK(c["usd_per_million_tokens"].get<double>() == doctest::Approx(3.60).epsilon(2e-3));
  CHECK(c["cloud_usd_per_million_tokens"].get<double>() == doctest::Approx(4.95).epsilon(2e-3));
  // Per query: 256 output tokens per request.
  CHECK(c["usd_per_query"].get<double>() == doctest::Approx(c["usd_per_million_tokens"].get<double>() * 256 / 1e6).epsilon(1e-12));
  CHECK(c["breakdown"]["categories"].size() == 9);
  CHECK_FALSE(c.contains("run_usd"));
  // A CNN reports per sample.
  const json cnn = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 64}});
  CHECK(cnn["cost"].contains("usd_per_million_samples"));
  CHECK_FALSE(cnn["cost"].contains("usd_per_million_tokens"));
}

TEST_CASE("cost invariants: monotone in years, linear in unit cost and price, cloud independent of PUE and price") {
  const SiteConfig site = us_avg();
  const EnergyConfig e;
  double last = 0;
  for (double y : {0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0}) {
    SiteConfig s = site;
    s.years = y;
    const CostResult c = solve_cost(w5_work(), CostConfig{}, s, e);
    CHECK(c.tco_usd > last);
    last = c.tco_usd;
    CHECK(c.breakdown_years.size() == static_cast<size_t>(std::ceil(y)));
  }
  // tco is affine in unit_cost (maintenance and hardware scale with it) and in price.
  CostWork a = w5_work(), b = w5_work(), z = w5_work();
  b.unit_cost_usd = 60000;
  z.unit_cost_usd = 0;
  const double ta = solve_cost(a, {}, site, e).tco_usd, tb = solve_cost(b, {}, site, e).tco_usd,
               tz = solve_cost(z, {}, site, e).tco_usd;
  CHECK(tb - tz == doctest::Approx(2 * (ta - tz)).epsilon(1e-12));
  SiteConfig pricey = site;
  pricey.price_per_kwh = 0.24;
  pricey.pue = 1.5;
  const CostResult cp = solve_cost(a, {}, pricey, e), c0 = solve_cost(a, {}, site, e);
  CHECK(cp.cloud_usd == c0.cloud_usd);
  CHECK(cp.tco_usd > c0.tco_usd);
  // usd per million tokens falls as the token rate rises and as U_site rises.
  CostWork fast = a;
  fast.units_per_s *= 2;
  CHECK(solve_cost(fast, {}, site, e).usd_per_million_units < c0.usd_per_million_units);
  SiteConfig busier = site;
  busier.utilization = 0.9;
  CHECK(solve_cost(a, {}, busier, e).usd_per_million_units < c0.usd_per_million_units);
  // Colocation replaces the facility capex with rent on peak IT kW.
  CostConfig colo;
  colo.colo_usd_per_kw_month = 150;
  const CostResult cc = solve_cost(a, colo, site, e);
  CHECK(cc.capex_facility_usd == 0);
  CHECK(cc.opex_colocation_usd_per_year == doctest::Approx(12 * 150 * 67.2).epsilon(1e-12));
}

TEST_CASE("cost block through the engine: years, price, region, missing unit cost") {
  json s = kW2;
  s["site"] = {{"years", 5}, {"price_per_kwh", 0.07}};
  s["cost"] = {{"staff_usd_per_year", 100000}, {"unit_cost", 25000}};
  const json c = solve_ok(s)["cost"];
  CHECK(c["years"].get<double>() == 5);
  CHECK(c["price_per_kwh"].get<double>() == 0.07);
  CHECK(c["unit_cost_usd"].get<double>() == 25000);
  CHECK(c["opex_staff_usd_per_year"].get<double>() == 100000);
  CHECK(c["breakdown"]["years"].size() == 5);
  const json esp = solve_ok({{"model", "MobileNetV2"}, {"hardware", "ESP32_S3"}, {"precision", "int8"}});
  CHECK(has_warning(esp, "NO_UNIT_COST"));
  CHECK(esp["cost"]["capex_hw_usd"].get<double>() == 0);
}

TEST_CASE("cost block: bad inputs name the path and the rule") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}};
  auto cost = [&](const json& v) {
    json s = base;
    s["cost"] = v;
    return s;
  };
  check_error(cost({{"unit_cost", -1}}), "cost.unit_cost", "must be ≥ 0 (got -1)");
  check_error(cost({{"server_fraction", -0.1}}), "cost.server_fraction", "must be ≥ 0 (got -0.1)");
  check_error(cost({{"facility_years", 0}}), "cost.facility_years", "must be > 0 (got 0)");
  check_error(cost({{"maintenance_fraction", -0.05}}), "cost.maintenance_fraction", "must be ≥ 0 (got -0.05)");
  check_error(cost({{"cloud_usd_per_gpu_hour", "4"}}), "cost.cloud_usd_per_gpu_hour", "must be a number (got '4')");
  check_error(cost({{"colo_usd_per_kw_month", -5}}), "cost.colo_usd_per_kw_month", "must be ≥ 0 (got -5)");
  check_error(cost("cheap"), "cost", "must be an object");
}
