#include "mlsysim/queueing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mlsysim/text.hpp"

namespace mlsysim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNearSaturation = 0.9;  // §J: QUEUE_NEAR_SATURATION from ρ = 0.9

bool pooled(const std::string& m) { return m == "mm1" || m == "md1" || m == "mg1"; }

}  // namespace

double erlang_c(double c, double a) {
  if (!(a > 0)) return 0;
  if (a >= c) return 1;
  // x_i = a^i/i! peak at the mode i = ⌊a⌋ and fall off like a Gaussian of width √a: x_c lying more
  // than 40√a + 40 beyond it is below e^-800 of the peak, so the answer is 0 in double.
  const double la = std::log(a), width = 40 * std::sqrt(a) + 40;
  if (c - 1 > a + width) return 0;
  // Σ_{i<c} x_i relative to the largest term: from the mode m outward by the exact ratios
  // x_{i-1} = x_i·i/a and x_{i+1} = x_i·a/(i+1), until a term is below 1e-30 of the sum. One multiply
  // per term instead of an lgamma and an exp: with hostile fleets (c = 2^40 slots, a ≈ 1e11) the
  // 80√a lgamma calls per evaluation made one solve take minutes.
  const double m = std::min(std::floor(a), c - 1);
  const double log_m = m * la - std::lgamma(m + 1);
  const double log_xc = c * la - std::lgamma(c + 1) - std::log1p(-a / c);
  const double peak = std::max(log_xc, log_m);
  const double t_m = std::exp(log_m - peak);
  double sum = t_m;
  for (double i = m, t = t_m; i > 0; i -= 1) {
    t *= i / a;
    sum += t;
    if (t < 1e-30 * sum) break;
  }
  for (double i = m + 1, t = t_m; i <= c - 1; i += 1) {
    t *= a / i;
    sum += t;
    if (t < 1e-30 * sum) break;
  }
  const double xc = std::exp(log_xc - peak);
  return xc / (sum + xc);
}

QueueStats queue_stats(const QueueInputs& in) {
  QueueStats st;
  const double lambda = in.arrival_rate, c = in.slots;
  st.utilization = lambda * in.s_slot / c;
  st.stable = st.utilization < 1;
  if (!st.stable) {
    st.p_wait = 1;
    return st;
  }
  const double r = c / in.s_slot - lambda;  // = μ − λ for the pooled server
  const std::string& m = in.model;
  const double cv = m == "md1" ? 0 : in.cv;
  st.exponential_service = m == "mm1" || m == "mmc" || (m == "mgc" && in.cv == 1);
  st.p_wait = pooled(m) ? st.utilization : erlang_c(c, lambda * in.s_slot);
  if (st.exponential_service) {
    st.decay = r;
    st.mean_wait_s = st.p_wait / r;
  } else if (pooled(m)) {  // Pollaczek–Khinchine mean wait, s̃ = s_slot/c
    st.mean_wait_s = st.utilization * (in.s_slot / c) * (1 + cv * cv) / (2 * (1 - st.utilization));
    st.decay = 2 * (1 - st.utilization) * c / (in.s_slot * (1 + cv * cv));  // = P_w/W_q, without 0/0
  } else {  // Allen–Cunneen
    st.mean_wait_s = st.p_wait * (1 + cv * cv) / (2 * r);
    st.decay = 2 * r / (1 + cv * cv);  // = P_w/W_q, which was 0/0 (NaN) once P_w underflowed to 0
  }
  st.p50_s = response_quantile(in, st, 0.5);
  st.p99_s = response_quantile(in, st, 0.01);
  return st;
}

double response_survival(const QueueInputs& in, const QueueStats& st, double t) {
  if (!st.stable) return 1;
  if (t <= 0) return 1;
  const double pw = st.p_wait, r = st.decay;
  if (!st.exponential_service) {  // T = W + s_req, P(W > x) = P_w·e^(−k x)
    if (t < in.s_req) return 1;
    return pw * std::exp(-r * (t - in.s_req));
  }
  const double v = 1 / in.s_req, ev = std::exp(-t * v);
  double waited;
  if (std::abs(r - v) <= 1e-9 * v) waited = (1 + t * v) * ev;  // r = 1/s_req: the Gamma(2) limit
  else waited = (r * ev - v * std::exp(-r * t)) / (r - v);
  return (1 - pw) * ev + pw * waited;
}

std::optional<double> response_quantile(const QueueInputs& in, const QueueStats& st, double q) {
  if (!st.stable) return std::nullopt;
  if (!st.exponential_service)  // closed form of the shifted exponential
    return st.p_wait <= q ? in.s_req : in.s_req + std::log(st.p_wait / q) / st.decay;
  double lo = 0, hi = in.s_req + 1 / st.decay;
  while (response_survival(in, st, hi) > q) {
    lo = hi;
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (response_survival(in, st, mid) > q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

QueueResult solve_queueing(const TrafficConfig& t, double B, double replicas, double gpus_per_replica, double s_slot,
                           double s_req) {
  QueueResult q;
  q.in.arrival_rate = t.arrival_rate;
  q.in.slots = replicas * B;
  q.in.s_slot = s_slot;
  q.in.s_req = s_req;
  q.in.model = t.model;
  q.in.cv = t.service_cv;
  q.stats = queue_stats(q.in);
  q.capacity_rps = q.in.slots / s_slot;
  q.slo_p99_s = t.slo_p99_s;
  const QueueStats& st = q.stats;
  if (t.slo_p99_s) q.slo_attainment = std::clamp(1 - response_survival(q.in, st, *t.slo_p99_s), 0.0, 1.0);

  if (!st.stable)
    q.warnings.push_back("QUEUE_UNSTABLE: utilization " + format_fixed(st.utilization, 2) +
                         " ≥ 1: the queue grows without bound (arrival rate " + format_number(t.arrival_rate) +
                         " req/s > capacity " + format_fixed(q.capacity_rps, 3) + " req/s); percentiles are null");
  else if (st.utilization >= kNearSaturation)
    q.warnings.push_back("QUEUE_NEAR_SATURATION: utilization " + format_fixed(st.utilization, 2) +
                         " ≥ 0.9; percentiles are very sensitive to every input");

  // Replicas for the P99 target: p99 is non-increasing in n_dp; exponential then binary search.
  if (t.slo_p99_s) {
    q.replicas_searched = true;
    const double slo = *t.slo_p99_s;
    auto p99_at = [&](double n) {
      QueueInputs in = q.in;
      in.slots = n * B;
      const QueueStats s = queue_stats(in);
      return s.p99_s ? *s.p99_s : kInf;
    };
    auto ok = [&](double n) { return p99_at(n) <= slo; };
    double hi = 1;
    // Out of reach at the cap means out of reach everywhere: one evaluation instead of the doubling.
    const bool reachable = ok(t.max_replicas);
    while (reachable && hi < t.max_replicas && !ok(hi)) hi = std::min(t.max_replicas, hi * 2);
    if (reachable) {
      double lo = std::floor(hi / 2);  // !ok(lo) unless hi = 1
      if (hi == 1) lo = 0;
      while (hi - lo > 1) {
        const double mid = std::floor((lo + hi) / 2);
        (ok(mid) ? hi : lo) = mid;
      }
      q.replicas_needed = hi;
      q.gpus_needed = hi * gpus_per_replica;
    } else {
      q.warnings.push_back("SLO_UNREACHABLE: no replica count up to traffic.max_replicas = " +
                           format_number(t.max_replicas) + " brings p99 to " + format_number(slo) +
                           " s (a request alone takes " + format_seconds(s_req) + "); replicas_needed is null");
    }
  }

  // P99-vs-load curve at this replica count (ρ from 0.05 to 0.99).
  std::vector<double> rhos;
  if (t.curve) {
    for (int k = 1; k <= 19; ++k) rhos.push_back(0.05 * k);
    rhos.push_back(0.97);
    rhos.push_back(0.99);
  }
  for (double rho : rhos) {
    QueueInputs in = q.in;
    in.arrival_rate = rho * q.capacity_rps;
    const QueueStats s = queue_stats(in);
    q.curve_utilization.push_back(rho);
    q.curve_arrival_rate.push_back(in.arrival_rate);
    q.curve_p50_s.push_back(s.p50_s.value_or(kInf));
    q.curve_p99_s.push_back(s.p99_s.value_or(kInf));
    if (t.slo_p99_s) q.curve_slo_attainment.push_back(std::clamp(1 - response_survival(in, s, *t.slo_p99_s), 0.0, 1.0));
  }

  const std::string src = "MODELS.md §J";
  auto& x = q.explain;
  x.push_back({"queueing.utilization", "ρ = λ·s_slot/c, c = n_dp·B slots",
               {{"λ", t.arrival_rate, "req/s", "traffic.arrival_rate"}, {"s_slot", s_slot, "s", "slot holding time"},
                {"c", q.in.slots, "slots", "n_dp·B"}},
               src});
  const std::string& m = t.model;
  const char* eq = st.exponential_service
                       ? "P(T > t) = (1 − P_w)·e^(−t/s_req) + P_w·(r·e^(−t/s_req) − e^(−r t)/s_req)/(r − 1/s_req), r = c/s_slot − λ (exact M/M/c)"
                   : pooled(m) ? "W_q = ρ·(s_slot/c)·(1 + cv²)/(2(1 − ρ)) (Pollaczek–Khinchine, pooled); P(W > t) ≈ ρ·e^(−tρ/W_q); T = W + s_req"
                               : "W_q = P_w·(1 + cv²)/(2r) (Allen–Cunneen); P(W > t) ≈ P_w·e^(−t·P_w/W_q); T = W + s_req";
  x.push_back({"queueing.p99_s", eq,
               {{"P_w", st.p_wait, "", pooled(m) ? "ρ (pooled server)" : "Erlang C(c, λ·s_slot)"},
                {"s_req", s_req, "s", "a request's own service time"}, {"cv", q.in.cv, "", "traffic.service_cv"}},
               src});
  return q;
}

}  // namespace mlsysim
