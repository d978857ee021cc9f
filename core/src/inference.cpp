#include "mlsysim/inference.hpp"

#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

namespace {

constexpr double kNearRidgeBand = 0.20;  // MODELS.md §M: ±20% of the effective ridge
constexpr double kOverheadDominated = 0.5;  // MODELS.md §C.5/§M: overhead > 50% of latency
constexpr double kSweepMaxBatch = 1024;  // issue 1/6: the chart sweeps B = 1 … 1024

// The largest of the compute class, the memory class and exposed communication (§C.5).
const char* label(double compute_class, double memory_class, double comm) {
  if (comm > compute_class && comm > memory_class) return "communication";
  return compute_class >= memory_class ? "compute" : "memory";
}

}  // namespace

PhaseSummary summarize(const PassCost& p) {
  PhaseSummary s;
  s.t_compute = p.t_compute;
  s.t_memory = p.t_memory;
  s.t_comm = p.t_comm;
  s.time = p.time();
  s.flops = p.flops;
  s.bytes = p.bytes;
  s.intensity = p.bytes > 0 ? p.flops / p.bytes : 0;
  s.bottleneck = label(p.t_compute_class, p.t_memory_class, p.t_comm);
  return s;
}

void fill_aggregates(const Scenario& s, InferenceResult& r, double t_work) {
  const double peak = s.plan.peak, n_rep = s.gpus_per_replica();
  // Pass costs are per rank: the tp ranks of a stage each do 1/tp of the model's FLOPs (pp = 1 here).
  r.mfu = r.total.model_flops * s.tp / (t_work * n_rep * peak);
  r.hfu = r.total.flops * s.tp / (t_work * n_rep * peak);
  r.intensity = r.total.bytes > 0 ? r.total.flops / r.total.bytes : 0;
  r.ridge = r.rates.gemm / r.rates.bandwidth;
  r.ridge_peak = peak / s.device.memory_bandwidth;
  const double classes = r.total.t_compute_class + r.total.t_memory_class;
  r.compute_bound_fraction = classes > 0 ? r.total.t_compute_class / classes : 0;
  r.bottleneck = label(r.total.t_compute_class, r.total.t_memory_class, r.total.t_comm);
  r.busy_fraction = r.total.t_ops() / t_work;
}

SweepPoint sweep_point(const InferenceResult& p, double batch, double max_batch) {
  SweepPoint sp;
  sp.batch = batch;
  sp.latency_s = p.latency_s;
  sp.throughput_per_s = p.throughput_per_s;
  sp.intensity = p.intensity;
  sp.flops = p.total.flops;
  sp.bytes = p.total.bytes;
  sp.bottleneck = p.bottleneck;
  sp.fits = batch <= max_batch;
  sp.compute_bound = p.decode ? p.decode->t_compute >= p.decode->t_memory : p.total.t_compute >= p.total.t_memory;
  return sp;
}

InferenceResult evaluate_inference(const Scenario& s, const MemoryModel& memory, double B) {
  InferenceResult r;
  r.rates = effective_rates(s);
  const Workload& w = s.workload;
  PassCost pf, dec;
  if (w.kind == WorkloadKind::kDecoder) {
    const double S = s.seq_len, n_out = s.output_len;
    pf = transformer_pass(s, r.rates, PassKind::kPrefill, B, S, S);
    dec = transformer_pass(s, r.rates, PassKind::kDecode, B, S, S + n_out / 2);
    r.total = pf;
    r.total.accumulate(dec, n_out - 1);
    DecoderTimes d;
    d.prefill = pf.time();
    d.decode_step = dec.time();
    d.ttft = pf.time() + s.request_overhead_s;
    d.request_latency = d.ttft + (n_out - 1) * dec.time();
    d.tokens_per_s = s.dp * B * n_out / d.request_latency;
    d.itl = d.decode_step;
    r.decoder = d;
    r.prefill = summarize(pf);
    r.decode = summarize(dec);
    r.scope = "generation";
    r.throughput_unit = "tokens/s";
    r.latency_s = d.request_latency;
    r.throughput_per_s = d.tokens_per_s;
    r.overhead_s = r.total.overhead + s.request_overhead_s;
  } else {
    r.total = w.kind == WorkloadKind::kEncoder
                  ? transformer_pass(s, r.rates, PassKind::kEncoder, B, s.seq_len, s.seq_len)
                  : aggregate_pass(s, r.rates, B);
    r.scope = "pass";
    r.throughput_unit = "samples/s";
    r.latency_s = r.total.time();
    r.throughput_per_s = s.dp * B / r.latency_s;
    r.overhead_s = r.total.overhead;
  }
  fill_aggregates(s, r, r.latency_s);
  r.overhead_fraction = r.overhead_s / r.latency_s;
  r.memory.breakdown = memory.at(B);
  r.memory.capacity = memory.capacity;
  r.memory.usable = memory.usable;
  r.memory.fits = r.memory.breakdown.required() <= memory.usable;
  r.memory.kv_bytes_per_sequence = memory.kv_per_sequence;
  if (r.decoder) r.decoder->kv_utilization = r.memory.breakdown.kv_utilization(memory.usable);
  return r;
}

namespace {

void add_warnings(Scenario& s, const InferenceResult& r) {
  add_roofline_warnings(s, r);
  if (!r.memory.fits)
    s.warnings.push_back("DOES_NOT_FIT: needs " + format_gib(r.memory.breakdown.required()) + " per GPU, " +
                         format_gib(r.memory.usable) + " usable of the " + s.device.name + "'s " + format_gib(r.memory.capacity));
}

}  // namespace

void warn_overhead_dominated(Scenario& s, double overhead_fraction, double latency_s) {
  if (overhead_fraction > kOverheadDominated)
    s.warnings.push_back("OVERHEAD_DOMINATED: " + std::to_string(static_cast<int>(std::round(overhead_fraction * 100))) +
                         "% of the " + format_seconds(latency_s) +
                         " latency is fixed per-layer and dispatch overhead; a larger batch amortizes it");
}

void warn_near_ridge(Scenario& s, const char* phase, double intensity, double ridge) {
  if (std::abs(intensity - ridge) <= kNearRidgeBand * ridge)
    s.warnings.push_back(std::string("NEAR_RIDGE: the ") + phase + " intensity " + format_fixed(intensity, 1) +
                         " FLOP/B is within 20% of the ridge point " + format_fixed(ridge, 1) +
                         " FLOP/B; the bottleneck label is fragile here");
}

void add_roofline_warnings(Scenario& s, const InferenceResult& r) {
  warn_overhead_dominated(s, r.overhead_fraction, r.latency_s);
  auto near_ridge = [&](const char* phase, double intensity) { warn_near_ridge(s, phase, intensity, r.ridge); };
  if (r.iteration) {
    near_ridge("iteration", r.iteration->intensity);
  } else if (r.prefill) {
    near_ridge("prefill", r.prefill->intensity);
    near_ridge("decode", r.decode->intensity);
  } else {
    near_ridge("pass", r.intensity);
  }
  const bool by_intensity = r.intensity >= r.ridge;
  const bool compute_larger = r.total.t_compute_class >= r.total.t_memory_class;
  if (by_intensity != compute_larger)
    s.warnings.push_back("MIXED_BOUND: " + std::to_string(static_cast<int>(std::round(r.compute_bound_fraction * 100))) +
                         "% of kernel time is in compute-bound operators although the average intensity " +
                         format_fixed(r.intensity, 1) + " FLOP/B is " +
                         (by_intensity ? "above" : "below") + " the ridge " + format_fixed(r.ridge, 1) +
                         " FLOP/B");
}

namespace {

void explain(const Scenario& s, InferenceResult& r) {
  using namespace defaults;
  const std::string dev = "catalog " + s.device.name + ": " + s.device.source;
  const PassCost& t = r.total;
  auto& e = r.explain;
  e.push_back({"performance.ridge_point", "Π_g/BW_e = Π(p)·η_c/(BW·η_m)",
               {{"Π(p)", s.plan.peak, "FLOP/s", dev + " (" + s.plan.peak_key + ", " + s.plan.compute + ")"},
                {"η_c", s.eff.compute, "", kComputeEfficiency.source},
                {"BW", s.device.memory_bandwidth, "B/s", dev},
                {"η_m", s.eff.memory, "", kMemoryEfficiency.source}},
               "MODELS.md §C.1, §C.5"});
  e.push_back({"performance.arithmetic_intensity", "ΣF/ΣY over the " + r.scope,
               {{"ΣF", t.flops, "FLOP", ""}, {"ΣY", t.bytes, "B", ""}}, "MODELS.md §C.3, §C.5"});
  e.push_back({"performance.t_compute_s", "Σ_o F_o/Π_o", {{"ΣF", t.flops, "FLOP", ""}, {"Π_g", r.rates.gemm, "FLOP/s", ""},
               {"Π_a", r.rates.attention, "FLOP/s", ""}}, "MODELS.md §C.4"});
  e.push_back({"performance.t_memory_s", "Σ_o Y_o/BW_e", {{"ΣY", t.bytes, "B", ""}, {"BW_e", r.rates.bandwidth, "B/s", ""}},
               "MODELS.md §C.4"});
  e.push_back({"performance.bottleneck",
               "largest of compute-class time (ops with t_c ≥ t_m), memory-class time and exposed communication",
               {{"compute-class", t.t_compute_class, "s", ""}, {"memory-class", t.t_memory_class, "s", ""},
                {"t_comm", t.t_comm, "s", ""}},
               "MODELS.md §C.5"});
  if (s.tp > 1)
    e.push_back({"performance.t_comm_s", "2·L·AR_ring(T·h·b_a, n_tp) per pass, AR_ring = 2(n−1)·α + 2(n−1)/n·M/β",
                 {{"n_tp", s.tp, "GPUs", ""}, {"α_intra", s.tp_link.alpha, "s", "MODELS.md §G: scale_up_latency + intra_hops·hop_latency"},
                  {"β_intra", s.tp_link.beta, "B/s", s.tp_link_source + " × η_n"},
                  {"η_n", s.eff.network, "", kNetworkEfficiency.source}, {"L", s.workload.arch.L, "layers", s.workload.source}},
                 "MODELS.md §C.4, §G"});
  if (r.decoder) {
    const auto& d = *r.decoder;
    e.push_back({"serving.ttft_s", "t_prefill + request_overhead",
                 {{"t_prefill", d.prefill, "s", ""}, {"request_overhead", s.request_overhead_s, "s", kRequestOverhead.source}},
                 "MODELS.md §C.5, §E"});
    e.push_back({"performance.latency_s", "TTFT + (n_out − 1)·t_dec",
                 {{"TTFT", d.ttft, "s", ""}, {"n_out", s.output_len, "tokens", ""}, {"t_dec", d.decode_step, "s", ""}},
                 "MODELS.md §C.5"});
    e.push_back({"performance.throughput_per_s", "n_dp·B·n_out/latency",
                 {{"n_dp", s.dp, "replicas", ""}, {"B", s.batch_size, "sequences", ""}, {"n_out", s.output_len, "tokens", ""},
                  {"latency", r.latency_s, "s", ""}},
                 "MODELS.md §C.5"});
  } else {
    e.push_back({"performance.latency_s", "Σ_o max(t_c,o, t_m,o) + layers·τ_L + τ_S",
                 {{"Σ_o t_o", t.t_ops(), "s", ""}, {"layers", s.workload.layers, "", s.workload.source},
                  {"τ_L", s.eff.overhead_s, "s", kLayerOverhead.source}, {"τ_S", s.eff.step_overhead_s, "s", s.eff.step_overhead_source}},
                 "MODELS.md §C.4"});
    e.push_back({"performance.throughput_per_s", "n_dp·B/latency",
                 {{"n_dp", s.dp, "replicas", ""}, {"B", s.batch_size, "samples", ""}, {"latency", r.latency_s, "s", ""}},
                 "MODELS.md §C.5"});
  }
  e.push_back({"performance.mfu", "F_model/(latency·N_rep·Π(p))",
               {{"F_model", t.model_flops, "FLOP", s.workload.source}, {"latency", r.latency_s, "s", ""},
                {"N_rep", s.tp * s.pp, "GPUs", ""}, {"Π(p)", s.plan.peak, "FLOP/s", dev}},
               "MODELS.md §C.5"});
  const auto& m = r.memory.breakdown;
  e.push_back({"memory.required_bytes", "weights + kv_cache + workspace + reserve",
               {{"weights", m.weights, "B", s.workload.source}, {"kv_cache", m.kv_cache, "B", ""},
                {"workspace", m.workspace, "B", ""}, {"reserve", m.reserve, "B", s.reserve_source}},
               "MODELS.md §D.1"});
  e.push_back({"memory.capacity_bytes", "C_mem (usable = C_mem·usable_fraction)",
               {{"C_mem", s.device.memory_capacity, "B", dev}, {"usable_fraction", s.usable_fraction, "", kUsableFraction.source}},
               "MODELS.md §D"});
}

}  // namespace

InferenceResult solve_inference(Scenario& s) {
  const MemoryModel memory = memory_model(s);
  InferenceResult r = evaluate_inference(s, memory, s.batch_size);
  r.memory.max_batch = memory.max_batch();
  if (r.prefill) {  // per-layer operator rows of the prefill and of one decode step
    const double S = s.seq_len;
    transformer_pass(s, r.rates, {PassPart{PassKind::kPrefill, s.batch_size, S, S, 0, 1, 1}}, &r.prefill->detail);
    transformer_pass(s, r.rates, {PassPart{PassKind::kDecode, s.batch_size, S, S + s.output_len / 2, 0, 1, 1}},
                     &r.decode->detail);
  }
  for (double b = 1; b <= kSweepMaxBatch; b *= 2) {
    const SweepPoint sp = sweep_point(b == s.batch_size ? r : evaluate_inference(s, memory, b), b, r.memory.max_batch);
    if (sp.compute_bound && !r.crossover_batch) r.crossover_batch = b;
    r.sweep.push_back(sp);
  }
  add_warnings(s, r);
  explain(s, r);
  return r;
}

}  // namespace mlsysim
