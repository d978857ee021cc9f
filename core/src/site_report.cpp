#include "mlsysim/site_report.hpp"

#include <algorithm>
#include <cmath>

#include "mlsysim/catalog.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

namespace {

// The energy and cost blocks of every mode. The caller fills what differs by mode (scope, units,
// the training run); this adds the device's figures, the warnings for missing catalog values and
// moves the explain entries into the result's trace.
void energy_and_cost(Scenario& s, SiteResults& out, EnergyWork e, CostWork c, std::vector<ExplainEntry>& explain) {
  out.gpus = s.gpus();
  out.replicas = s.dp;
  out.site = s.site;
  out.busy_fraction = e.busy_fraction;
  out.tdp_w = s.device.tdp.value_or(0);
  if (s.device.tdp) {
    e.gpus = out.gpus;
    e.tdp_w = *s.device.tdp;
    e.embodied_gpu_kg = s.device.embodied_carbon.value_or(0);
    out.energy = solve_energy(e, s.site, s.energy, Catalog::builtin());
    if (!s.device.embodied_carbon)
      s.warnings.push_back("NO_EMBODIED_CARBON: hardware '" + s.device.name +
                           "' lists no embodied_carbon; carbon_embodied_kg counts the host prior only (energy.embodied_host_kg_per_gpu)");
    for (auto& x : out.energy->explain) explain.push_back(std::move(x));
    out.energy->explain.clear();
  } else {
    s.warnings.push_back("NO_TDP: hardware '" + s.device.name +
                         "' lists no tdp; the energy block is omitted and cost counts no electricity or facility");
  }
  c.gpus = out.gpus;
  c.tdp_w = out.tdp_w;
  if (s.cost.unit_cost) {
    c.unit_cost_usd = *s.cost.unit_cost;
  } else if (s.device.unit_cost) {
    c.unit_cost_usd = *s.device.unit_cost;
  } else {
    s.warnings.push_back("NO_UNIT_COST: hardware '" + s.device.name +
                         "' lists no unit_cost; hardware capex counts 0 USD (set cost.unit_cost)");
  }
  c.power_avg_it_w = out.energy ? out.energy->power_avg_w : 0;
  out.cost = solve_cost(c, s.cost, s.site, s.energy);
  for (auto& x : out.cost->explain) explain.push_back(std::move(x));
  out.cost->explain.clear();
}

}  // namespace

SiteResults solve_site(Scenario& s, InferenceResult& r) {
  SiteResults out;
  const bool decoder = r.decoder.has_value();
  EnergyWork e;
  e.busy_fraction = r.busy_fraction;
  e.units_per_s = r.throughput_per_s;
  e.unit = decoder ? "token" : "sample";
  if (s.mode == "serving") {
    e.scope = "year";
  } else {
    e.scope = "batch";
    e.scope_s = r.latency_s;
  }
  CostWork c;
  c.units_per_s = r.throughput_per_s;
  c.unit = e.unit;
  c.units_per_query = decoder ? s.output_len : 1;
  energy_and_cost(s, out, e, c, r.explain);

  if (s.traffic) {
    // Serving: a slot turns over every n_out iterations; a request's own time is its latency.
    // Inference: one batch holds its B slots for the batch latency.
    const double s_slot = s.mode == "serving" ? s.output_len * r.decoder->itl : r.latency_s;
    const double s_req = s.mode == "serving" ? r.decoder->request_latency : r.latency_s;
    out.queueing = solve_queueing(*s.traffic, s.batch_size, s.dp, s.gpus_per_replica(), s_slot, s_req);
    for (auto& wtext : out.queueing->warnings) s.warnings.push_back(std::move(wtext));
    out.queueing->warnings.clear();
    for (auto& x : out.queueing->explain) r.explain.push_back(std::move(x));
    out.queueing->explain.clear();
  }
  return out;
}

SiteResults solve_site_training(Scenario& s, const TrainingSolution& sol, std::vector<ExplainEntry>& explain) {
  SiteResults out;
  const TrainingStep& st = sol.step;
  const bool tokens = s.workload.is_transformer();
  const double rate = tokens ? st.tokens_per_s : st.samples_per_s;
  const double run_s = sol.reliability.effective_time_to_train_s;  // goodput-aware: failures cost energy and money
  const bool run = sol.work > 0 && run_s > 0;
  EnergyWork e;
  e.busy_fraction = st.busy_fraction;
  e.units_per_s = rate;
  e.unit = tokens ? "token" : "sample";
  e.scope = run ? "run" : "year";
  CostWork c;
  c.units_per_s = rate;
  c.unit = e.unit;
  if (run) {
    e.scope_s = run_s;
    e.scope_units = sol.work;
    c.run_s = run_s;
    c.run_units = sol.work;
  }
  energy_and_cost(s, out, e, c, explain);
  return out;
}

namespace {

void write_energy(JsonWriter& w, const SiteResults& site, const EnergyResult& e) {
  const bool tokens = e.unit == "token";
  const SiteConfig& sc = site.site;
  w.key("energy").begin_object();
  w.key("region").begin_object().field("name", sc.region.name).field("display_name", sc.region.display_name);
  w.field("pue", sc.pue).field("ci", sc.ci_g_per_kwh).field("wue", sc.wue_l_per_kwh).field("ewif", sc.ewif_l_per_kwh);
  if (sc.ci_marginal_g_per_kwh) w.field("ci_marginal", *sc.ci_marginal_g_per_kwh);
  w.key("year");
  if (sc.region.year) w.value(*sc.region.year); else w.null();
  w.field("source", sc.region.source).field("utilization", sc.utilization).field("years", sc.years).end_object();
  w.field("scope", e.scope).field("scope_s", e.scope_s).field("unit", e.unit).field("scope_units", e.scope_units);
  w.field("gpus", site.gpus).field("tdp_w", site.tdp_w).field("busy_fraction", site.busy_fraction);
  w.field("power_gpu_w", e.power_gpu_w).field("power_host_w", e.power_host_w).field("power_w", e.power_w);
  w.field("power_facility_w", e.power_facility_w).field("power_avg_w", e.power_avg_w);
  w.field("energy_kwh", e.f.energy_kwh).field("energy_it_kwh", e.f.energy_it_kwh);
  w.field("joules_per_unit", e.joules_per_unit).field("joules_per_unit_facility", e.joules_per_unit_facility);
  w.field("carbon_kg", e.f.carbon_kg()).field("carbon_operational_kg", e.f.carbon_operational_kg);
  w.field("carbon_embodied_kg", e.f.carbon_embodied_kg);
  if (e.f.carbon_marginal_kg) w.field("carbon_marginal_kg", *e.f.carbon_marginal_kg);
  w.field("water_l", e.f.water_l()).field("water_onsite_l", e.f.water_onsite_l).field("water_offsite_l", e.f.water_offsite_l);
  if (e.scope_units > 0)
    w.field(tokens ? "g_co2_per_million_tokens" : "g_co2_per_million_samples", e.f.carbon_kg() * 1e3 / (e.scope_units / 1e6));
  // Annual figures (one year at U_site; equal to the scope's figures in serving).
  w.field("units_per_year", e.annual_units);
  w.field("energy_kwh_per_year", e.annual.energy_kwh).field("carbon_kg_per_year", e.annual.carbon_kg());
  w.field("carbon_operational_kg_per_year", e.annual.carbon_operational_kg);
  w.field("carbon_embodied_kg_per_year", e.annual.carbon_embodied_kg).field("water_l_per_year", e.annual.water_l());
  w.key("regions").begin_array();
  double lo = 0, hi = 0;
  for (const auto& row : e.regions) {
    const double c = row.f.carbon_kg();
    lo = lo == 0 ? c : std::min(lo, c);
    hi = std::max(hi, c);
    w.begin_object().field("region", row.name).field("display_name", row.display_name).field("pue", row.pue);
    w.field("ci", row.ci_g_per_kwh).field("wue", row.wue_l_per_kwh).field("energy_kwh", row.f.energy_kwh);
    w.field("carbon_kg", c).field("carbon_operational_kg", row.f.carbon_operational_kg);
    w.field("carbon_embodied_kg", row.f.carbon_embodied_kg).field("water_l", row.f.water_l());
    w.field("selected", row.selected).end_object();
  }
  w.end_array();
  if (lo > 0) w.field("carbon_ratio_max_min", hi / lo);
  w.end_object();
}

void write_cost(JsonWriter& w, const SiteResults& site, const CostResult& c) {
  const bool tokens = c.unit == "token";
  w.key("cost").begin_object();
  w.field("years", c.years).field("gpus", site.gpus).field("unit_cost_usd", c.unit_cost_usd);
  w.field("price_per_kwh", c.price_per_kwh);
  w.field("capex_usd", c.capex_usd).field("capex_hw_usd", c.capex_hw_usd).field("capex_facility_usd", c.capex_facility_usd);
  w.field("capex_accelerators_usd", c.capex_accelerators_usd).field("capex_servers_usd", c.capex_servers_usd);
  w.field("capex_network_usd", c.capex_network_usd).field("capex_storage_usd", c.capex_storage_usd);
  w.field("peak_it_w", c.peak_it_w).field("energy_kwh_per_year", c.energy_kwh_per_year);
  w.field("opex_usd_per_year", c.opex_usd_per_year).field("opex_electricity_usd_per_year", c.opex_electricity_usd_per_year);
  w.field("opex_maintenance_usd_per_year", c.opex_maintenance_usd_per_year);
  w.field("opex_staff_usd_per_year", c.opex_staff_usd_per_year);
  w.field("opex_colocation_usd_per_year", c.opex_colocation_usd_per_year);
  w.field("tco_usd", c.tco_usd).field("usd_per_year", c.usd_per_year).field("usd_per_gpu_hour", c.usd_per_gpu_hour);
  w.field("cloud_usd", c.cloud_usd);
  w.field(tokens ? "tokens_per_year" : "samples_per_year", c.units_per_year);
  if (c.units_per_year > 0) {
    w.field(tokens ? "usd_per_million_tokens" : "usd_per_million_samples", c.usd_per_million_units);
    w.field(tokens ? "cloud_usd_per_million_tokens" : "cloud_usd_per_million_samples", c.cloud_usd_per_million_units);
    if (!c.run_usd) w.field("usd_per_query", c.usd_per_query).field("cloud_usd_per_query", c.cloud_usd_per_query);
  }
  if (c.run_usd) w.field("run_usd", *c.run_usd).field("cloud_run_usd", *c.cloud_run_usd);
  w.key("breakdown").begin_object();
  w.field("basis", "straight-line over site.years: hardware capex, the facility's depreciation share and opex per "
                   "year; each category sums to its total and the totals to tco_usd");
  w.key("years").begin_array();
  for (double y : c.breakdown_years) w.value(y);
  w.end_array().key("categories").begin_array();
  for (const auto& k : c.breakdown) {
    w.begin_object().field("name", k.name).field("total_usd", k.total_usd).key("usd_per_year").begin_array();
    for (double v : k.usd_per_year) w.value(v);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  w.end_object();
}

void write_array(JsonWriter& w, const char* key, const std::vector<double>& values) {
  w.key(key).begin_array();
  for (double v : values) w.value(v);
  w.end_array();
}

void write_queueing(JsonWriter& w, const SiteResults& site, const QueueResult& q) {
  const QueueStats& st = q.stats;
  w.key("queueing").begin_object();
  w.field("model", q.in.model).field("arrival_rate", q.in.arrival_rate).field("servers", q.in.slots);
  w.field("replicas", site.replicas).field("service_time_s", q.in.s_slot).field("request_service_s", q.in.s_req);
  w.field("service_cv", q.in.cv).field("capacity_rps", q.capacity_rps);
  w.field("utilization", st.utilization).field("stable", st.stable).field("p_wait", st.p_wait);
  auto maybe = [&](const char* key, const std::optional<double>& v) {
    w.key(key);
    if (v) w.value(*v); else w.null();
  };
  maybe("p50_s", st.p50_s);
  maybe("p99_s", st.p99_s);
  maybe("mean_wait_s", st.mean_wait_s);
  if (q.slo_p99_s) {
    w.field("slo_p99_s", *q.slo_p99_s).field("slo_attainment", *q.slo_attainment);
    maybe("replicas_needed", q.replicas_needed);
    maybe("gpus_needed", q.gpus_needed);
  }
  w.key("curve").begin_object();
  write_array(w, "utilization", q.curve_utilization);
  write_array(w, "arrival_rate", q.curve_arrival_rate);
  write_array(w, "p50_s", q.curve_p50_s);
  write_array(w, "p99_s", q.curve_p99_s);
  if (q.slo_p99_s) write_array(w, "slo_attainment", q.curve_slo_attainment);
  w.end_object();
  w.end_object();
}

}  // namespace

void write_site_results(JsonWriter& w, const SiteResults& site) {
  if (site.energy) write_energy(w, site, *site.energy);
  if (site.cost) write_cost(w, site, *site.cost);
  if (site.queueing) write_queueing(w, site, *site.queueing);
}

}  // namespace mlsysim
