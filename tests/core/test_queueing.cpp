// MODELS.md §J by hand: M/M/1 exactly, Erlang C against a published worked example, the M/G/c
// (Allen–Cunneen) tail of W7, invariants, instability, and the traffic block's bad inputs.
#include <doctest/doctest.h>

#include <cmath>

#include "mlsysim/queueing.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace mlsysim;

namespace {

QueueInputs inputs(const char* model, double lambda, double c, double s_slot, double s_req, double cv = 0) {
  QueueInputs in;
  in.model = model;
  in.arrival_rate = lambda;
  in.slots = c;
  in.s_slot = s_slot;
  in.s_req = s_req;
  in.cv = cv;
  return in;
}

json w2(const json& traffic) {
  return {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"precision", "bf16"}, {"mode", "serving"},
          {"seq_len", 2048}, {"output_len", 256}, {"batch_size", 32}, {"cluster", {{"tp", 8}}}, {"traffic", traffic}};
}

void check_error(const json& scenario, const std::string& path, const std::string& message) {
  const json e = solve_error(scenario);
  CHECK(e["path"] == path);
  CHECK(e["message"] == message);
}

}  // namespace

TEST_CASE("M/M/1: P_w = ρ, T_resp ~ Exp(μ − λ), p99 = ln(100)/(μ − λ) exactly") {
  const double mu = 10, lambda = 7;  // s = 0.1 s
  const QueueInputs in = inputs("mm1", lambda, 1, 1 / mu, 1 / mu);
  const QueueStats st = queue_stats(in);
  CHECK(st.stable);
  CHECK(st.utilization == doctest::Approx(0.7).epsilon(1e-15));
  CHECK(st.p_wait == doctest::Approx(0.7).epsilon(1e-15));
  CHECK(*st.p99_s == doctest::Approx(std::log(100.0) / (mu - lambda)).epsilon(1e-12));
  CHECK(*st.p50_s == doctest::Approx(std::log(2.0) / (mu - lambda)).epsilon(1e-12));
  CHECK(*st.mean_wait_s == doctest::Approx(0.7 / 3).epsilon(1e-12));  // W_q = ρ/(μ − λ)
  for (double t : {0.05, 0.3, 1.0}) CHECK(response_survival(in, st, t) == doctest::Approx(std::exp(-3 * t)).epsilon(1e-12));
  // M/M/c with c = 1 equals M/M/1.
  const QueueInputs mmc = inputs("mmc", lambda, 1, 1 / mu, 1 / mu);
  CHECK(*queue_stats(mmc).p99_s == doctest::Approx(*st.p99_s).epsilon(1e-12));
  CHECK(erlang_c(1, 0.7) == doctest::Approx(0.7).epsilon(1e-14));
}

TEST_CASE("Erlang C against published values") {
  // Westbay Engineers, "The Erlang-C formula" worked example: 360 calls per half hour of 240 s
  // each (A = 48 erlangs) on 55 agents → probability of waiting 0.2387, average speed of answer
  // Ec·240/(55 − 48) = 8.18 s.
  CHECK(erlang_c(55, 48) == doctest::Approx(0.238700936378).epsilon(1e-10));
  CHECK(erlang_c(55, 48) * 240 / 7 == doctest::Approx(8.184).epsilon(1e-3));
  // Textbook closed forms: C(2, 1) = 1/3; C(c, a) for c = 1 is a.
  CHECK(erlang_c(2, 1) == doctest::Approx(1.0 / 3).epsilon(1e-14));
  // Large c in log space stays finite and tends to 0 far below saturation.
  CHECK(erlang_c(1e6, 5e5) < 1e-100);
  CHECK(erlang_c(1e5, 0.99e5) > 0);
  CHECK(erlang_c(1e5, 0.99e5) < 1);
}

TEST_CASE("M/D/1 mean wait is half the M/M/1 mean wait (Pollaczek–Khinchine)") {
  const QueueStats mm1 = queue_stats(inputs("mm1", 7, 1, 0.1, 0.1));
  const QueueStats md1 = queue_stats(inputs("md1", 7, 1, 0.1, 0.1));
  CHECK(*md1.mean_wait_s == doctest::Approx(*mm1.mean_wait_s / 2).epsilon(1e-12));
  // M/G/1 with cv = 1 has the M/M/1 mean wait.
  CHECK(*queue_stats(inputs("mg1", 7, 1, 0.1, 0.1, 1)).mean_wait_s == doctest::Approx(*mm1.mean_wait_s).epsilon(1e-12));
}

TEST_CASE("W7: M/G/c (cv = 0) on the W2 replica by hand") {
  const json r = solve_ok(w2({{"arrival_rate", 5.8}, {"slo_p99_s", 5.0}}));
  const json& q = r["queueing"];
  const double itl = r["serving"]["itl_s"], s_req = r["serving"]["request_latency_s"];
  const double s_slot = 256 * itl, c = 32, lambda = 5.8;
  CHECK(q["service_time_s"].get<double>() == doctest::Approx(s_slot).epsilon(1e-12));
  CHECK(q["utilization"].get<double>() == doctest::Approx(lambda * s_slot / c).epsilon(1e-12));
  CHECK(q["utilization"].get<double>() == doctest::Approx(0.827).epsilon(1e-3));
  const double pw = erlang_c(c, lambda * s_slot), rate = c / s_slot - lambda;
  CHECK(pw == doctest::Approx(0.220).epsilon(2e-3));
  CHECK(q["p_wait"].get<double>() == doctest::Approx(pw).epsilon(1e-12));
  CHECK(q["mean_wait_s"].get<double>() == doctest::Approx(pw / (2 * rate)).epsilon(1e-12));
  CHECK(q["p50_s"].get<double>() == doctest::Approx(s_req).epsilon(1e-12));  // P_w < 0.5
  const double p99 = s_req + std::log(pw / 0.01) / (2 * rate);
  CHECK(q["p99_s"].get<double>() == doctest::Approx(p99).epsilon(1e-12));
  CHECK(q["p99_s"].get<double>() == doctest::Approx(5.92).epsilon(1e-3));
  CHECK(q["slo_attainment"].get<double>() == doctest::Approx(1 - pw * std::exp(-2 * rate * (5.0 - s_req))).epsilon(1e-12));
  CHECK(q["slo_attainment"].get<double>() == doctest::Approx(0.906).epsilon(1e-3));
  CHECK(q["model"] == "mgc");

  // λ = 20 req/s: one replica is unstable (reported, not an error); 4 replicas meet 5 s.
  const json u = solve_ok(w2({{"arrival_rate", 20}, {"slo_p99_s", 5.0}}));
  CHECK(u["queueing"]["stable"] == false);
  CHECK(u["queueing"]["p50_s"].is_null());
  CHECK(u["queueing"]["p99_s"].is_null());
  CHECK(u["queueing"]["mean_wait_s"].is_null());
  CHECK(u["queueing"]["slo_attainment"].get<double>() == 0);
  CHECK(u["queueing"]["replicas_needed"].get<double>() == 4);
  CHECK(u["queueing"]["gpus_needed"].get<double>() == 32);
  CHECK(has_warning(u, "QUEUE_UNSTABLE"));
  CHECK_FALSE(has_warning(u, "NONFINITE"));
  // Three replicas: ρ = 0.95 (near saturation), p99 6.54 s; four: ρ = 0.71, p99 = s_req.
  json three = w2({{"arrival_rate", 20}});
  three["cluster"]["dp"] = 3;
  const json t3 = solve_ok(three);
  CHECK(t3["queueing"]["utilization"].get<double>() == doctest::Approx(0.95).epsilon(3e-3));
  CHECK(t3["queueing"]["p99_s"].get<double>() == doctest::Approx(6.54).epsilon(2e-3));
  CHECK(has_warning(t3, "QUEUE_NEAR_SATURATION"));

  // With cv = 1 (exact M/M/c) the same λ = 5.8 gives p99 ≈ 21.6 s.
  const json e = solve_ok(w2({{"arrival_rate", 5.8}, {"service_cv", 1}}));
  CHECK(e["queueing"]["p99_s"].get<double>() == doctest::Approx(21.6).epsilon(3e-3));
}

TEST_CASE("queueing invariants: p99 ≥ p50 ≥ median service; monotone in load and in servers; attainment in [0, 1]") {
  for (const char* model : {"mm1", "mmc", "md1", "mg1", "mgc"}) {
    CAPTURE(model);
    double last_p99 = 0, last_att = 1;
    for (double rho = 0.05; rho < 0.995; rho += 0.05) {
      const double c = 16, s_slot = 2.0, s_req = 1.5;
      const QueueInputs in = inputs(model, rho * c / s_slot, c, s_slot, s_req, 0.5);
      const QueueStats st = queue_stats(in);
      REQUIRE(st.stable);
      const double median_service = st.exponential_service ? std::log(2.0) * s_req : s_req;
      CHECK(*st.p50_s >= median_service * (1 - 1e-12));
      CHECK(*st.p99_s >= *st.p50_s);
      CHECK(*st.p99_s >= last_p99);
      last_p99 = *st.p99_s;
      const double att = 1 - response_survival(in, st, 3.0);
      CHECK(att >= 0);
      CHECK(att <= 1);
      CHECK(att <= last_att + 1e-12);
      last_att = att;
      // More servers never raise p99.
      QueueInputs more = in;
      more.slots = 2 * c;
      CHECK(*queue_stats(more).p99_s <= *st.p99_s * (1 + 1e-12));
    }
  }
  // ρ ≥ 1 is unstable: no percentile, survival 1.
  const QueueInputs sat = inputs("mmc", 10, 4, 0.4, 0.4);
  const QueueStats st = queue_stats(sat);
  CHECK_FALSE(st.stable);
  CHECK_FALSE(st.p99_s.has_value());
  CHECK_FALSE(response_quantile(sat, st, 0.01).has_value());
}

TEST_CASE("queueing block: present iff traffic, curve arrays for the chart, inference slots") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}, {"batch_size", 8}};
  CHECK_FALSE(solve_ok(base).contains("queueing"));
  json with = base;
  with["traffic"] = {{"arrival_rate", 1000}};
  const json r = solve_ok(with);
  const json& q = r["queueing"];
  const double latency = r["performance"]["latency_s"];
  CHECK(q["servers"].get<double>() == 8);
  CHECK(q["service_time_s"].get<double>() == doctest::Approx(latency).epsilon(1e-15));
  CHECK(q["utilization"].get<double>() == doctest::Approx(1000 * latency / 8).epsilon(1e-12));
  CHECK_FALSE(q.contains("slo_attainment"));  // no SLO: omitted, never null
  CHECK_FALSE(q.contains("replicas_needed"));
  const json& curve = q["curve"];
  REQUIRE(curve["p99_s"].size() == curve["utilization"].size());
  CHECK(curve["utilization"].size() == 21);
  for (size_t i = 1; i < curve["p99_s"].size(); ++i) CHECK(curve["p99_s"][i].get<double>() >= curve["p99_s"][i - 1].get<double>());
  // Unreachable SLO (below a request's own service time): null replicas with a warning.
  with["traffic"] = {{"arrival_rate", 10}, {"slo_p99_s", latency / 2}, {"max_replicas", 64}};
  const json un = solve_ok(with);
  CHECK(un["queueing"]["replicas_needed"].is_null());
  CHECK(has_warning(un, "SLO_UNREACHABLE"));
  // Training ignores traffic with a warning.
  const json t = solve_ok({{"model", "Llama2_7B"}, {"hardware", "A100"}, {"mode", "training"}, {"traffic", {{"arrival_rate", 1}}}});
  CHECK(has_warning(t, "IGNORED_FIELD"));
  CHECK_FALSE(t.contains("queueing"));
}

TEST_CASE("traffic block: bad inputs name the path and the rule") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}};
  auto with = [&](const json& traffic) {
    json s = base;
    s["traffic"] = traffic;
    return s;
  };
  check_error(with(json::object()), "traffic.arrival_rate", "is required when a 'traffic' block is given (requests/s)");
  check_error(with({{"arrival_rate", 0}}), "traffic.arrival_rate", "must be > 0 (got 0)");
  check_error(with({{"arrival_rate", -3}}), "traffic.arrival_rate", "must be > 0 (got -3)");
  check_error(with({{"arrival_rate", "5"}}), "traffic.arrival_rate", "must be a number (got '5')");
  check_error(with({{"arrival_rate", 1}, {"slo_p99_s", 0}}), "traffic.slo_p99_s", "must be > 0 (got 0)");
  check_error(with({{"arrival_rate", 1}, {"service_cv", -1}}), "traffic.service_cv", "must be ≥ 0 (got -1)");
  check_error(with({{"arrival_rate", 1}, {"model", "gg1"}}), "traffic.model",
              "must be one of mm1, mmc, md1, mg1, mgc (got 'gg1')");
  check_error(with({{"arrival_rate", 1}, {"max_replicas", 0}}), "traffic.max_replicas", "must be an integer ≥ 1 (got 0)");
  check_error(with(json::array()), "traffic", "must be an object");
  const json r = solve_ok(with({{"arrival_rate", 1}, {"arrivals", 2}}));
  CHECK(has_warning(r, "UNKNOWN_FIELD"));
}
