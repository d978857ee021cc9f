#include "mlsysim/serving.hpp"

#include <cmath>

#include "mlsysim/defaults.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

namespace {

constexpr double kSweepMaxBatch = 1024;  // the chart's batch sweep, as in inference

struct Shape {
  double C = 0, S_new = 0, context = 0, phi = 0, E_tok = 1, widen = 1;
};

Shape shape(const Scenario& s, double B) {
  Shape sh;
  const double page = s.page_tokens;
  sh.C = std::floor(s.serving.prefix_hit_ratio * s.seq_len / page) * page;  // block-granular reuse
  sh.S_new = s.seq_len - sh.C;
  sh.context = s.seq_len + s.output_len / 2;  // c̄
  if (s.serving.speculative) {
    const double a = s.serving.acceptance_rate, g = s.serving.gamma;
    sh.E_tok = a >= 1 ? g + 1 : (1 - std::pow(a, g + 1)) / (1 - a);
    sh.widen = g + 1;
  }
  sh.phi = B * sh.E_tok / s.output_len;  // prompts prefilled per (verification) iteration
  return sh;
}

PassPart prefill_part(const Scenario& s, const Shape& sh, double weight) {
  PassPart p;
  p.kind = PassKind::kPrefill;
  p.B = 1;
  p.S = s.seq_len;
  p.cached = sh.C;
  p.context = s.seq_len;
  p.weight = weight;
  return p;
}

PassPart decode_part(const Shape& sh, double B, double widen) {
  PassPart p;
  p.kind = PassKind::kDecode;
  p.B = B;
  p.context = sh.context;
  p.widen = widen;
  return p;
}

// The decode pass of the draft model on the same GPUs (same plan, same TP).
double draft_step(const Scenario& s, const Rates& rates, const Shape& sh, double B) {
  Scenario d = s;
  d.workload = *s.serving.draft;
  return transformer_pass(d, rates, {decode_part(sh, B, 1)}).time();
}

}  // namespace

InferenceResult evaluate_serving(const Scenario& s, const MemoryModel& memory, double B) {
  InferenceResult r;
  r.rates = effective_rates(s);
  const Shape sh = shape(s, B);
  const ServingConfig& c = s.serving;
  const PassCost pf = transformer_pass(s, r.rates, {prefill_part(s, sh, 1)});
  const PassCost dec = transformer_pass(s, r.rates, {decode_part(sh, B, 1)});

  // One iteration: B decode tokens (γ + 1 each when verifying drafts) plus φ prompts' prefill.
  PassCost iter;
  if (c.chunked_prefill) {
    iter = transformer_pass(s, r.rates, {decode_part(sh, B, sh.widen), prefill_part(s, sh, sh.phi)});
  } else {
    iter = sh.widen > 1 ? transformer_pass(s, r.rates, {decode_part(sh, B, sh.widen)}) : dec;
    iter.accumulate(pf, sh.phi);  // prefill stalls, averaged over the iterations
  }
  DecoderTimes d;
  d.prefill = pf.time();
  d.decode_step = dec.time();
  d.ttft = d.prefill + s.request_overhead_s;
  d.cached_tokens = sh.C;
  d.prefills_per_iteration = sh.phi;
  d.iteration_tokens = B * sh.widen + sh.phi * sh.S_new;
  double t_work = iter.time();  // the time the iteration's FLOPs take
  if (c.speculative) {
    const double t_draft = c.draft ? draft_step(s, r.rates, sh, B) : c.draft_cost_ratio * d.decode_step;
    d.t_draft = t_draft;
    d.t_verify = iter.time();
    d.spec_tokens_per_step = sh.E_tok;
    t_work = c.gamma * t_draft + iter.time();
    d.itl = t_work / sh.E_tok;
  } else {
    d.itl = iter.time();
  }
  d.request_latency = d.ttft + (s.output_len - 1) * d.itl;
  d.tokens_per_s = s.dp * B / d.itl;
  r.total = iter;
  r.scope = "iteration";
  r.throughput_unit = "tokens/s";
  r.latency_s = d.request_latency;
  r.throughput_per_s = d.tokens_per_s;
  r.overhead_s = iter.overhead;
  r.prefill = summarize(pf);
  r.decode = summarize(dec);
  r.iteration = summarize(iter);
  fill_aggregates(s, r, t_work);
  r.overhead_fraction = r.overhead_s / t_work;

  r.memory.breakdown = memory.at(B);
  r.memory.capacity = memory.capacity;
  r.memory.usable = memory.usable;
  r.memory.fits = r.memory.breakdown.required() <= memory.usable;
  r.memory.kv_bytes_per_sequence = memory.kv_per_sequence;
  d.kv_utilization = r.memory.breakdown.kv_utilization(memory.usable);
  r.decoder = d;
  return r;
}

namespace {

void explain(const Scenario& s, InferenceResult& r) {
  using namespace defaults;
  const DecoderTimes& d = *r.decoder;
  auto& e = r.explain;
  const Shape sh = shape(s, s.batch_size);
  e.push_back({"serving.ttft_s", "t_pf + request_overhead (t_pf: prefill of 1 prompt, S_new = S − C new tokens)",
               {{"t_pf", d.prefill, "s", ""}, {"S", s.seq_len, "tokens", ""}, {"C", sh.C, "tokens", ""},
                {"request_overhead", s.request_overhead_s, "s", kRequestOverhead.source}},
               "MODELS.md §E"});
  if (s.serving.chunked_prefill)
    e.push_back({"serving.itl_s",
                 "t_iter = Σ_o max(t_c,o, t_m,o) over B decode + φ·S_new prefill tokens (weights read once) + t_edges + "
                 "t_comm + L·τ_L + τ_S, φ = B/n_out",
                 {{"B", s.batch_size, "sequences", ""}, {"φ", sh.phi, "prompts per iteration", ""},
                  {"S_new", sh.S_new, "tokens", ""}, {"t_comm", r.total.t_comm, "s", ""},
                  {"overhead", r.total.overhead, "s", kLayerOverhead.source}},
                 "MODELS.md §E"});
  else
    e.push_back({"serving.itl_s", "t_dec(B) + φ·t_pf, φ = B/n_out",
                 {{"t_dec", d.decode_step, "s", ""}, {"φ", sh.phi, "prompts per iteration", ""}, {"t_pf", d.prefill, "s", ""}},
                 "MODELS.md §E"});
  if (d.spec_tokens_per_step)
    e.push_back({"serving.itl_s (speculative)", "(γ·t_draft + t_verify)/E_tok, E_tok = (1 − α^(γ+1))/(1 − α)",
                 {{"γ", s.serving.gamma, "tokens", kSpecGamma.source},
                  {"α", s.serving.acceptance_rate, "", kSpecAcceptance.source},
                  {"t_draft", *d.t_draft, "s", s.serving.draft ? "draft_model decode pass" : kDraftCostRatio.source},
                  {"t_verify", *d.t_verify, "s", ""}, {"E_tok", *d.spec_tokens_per_step, "tokens", ""}},
                 "MODELS.md §E (Leviathan et al. 2023)"});
  e.push_back({"serving.request_latency_s", "TTFT + (n_out − 1)·itl",
               {{"TTFT", d.ttft, "s", ""}, {"n_out", s.output_len, "tokens", ""}, {"itl", d.itl, "s", ""}},
               "MODELS.md §E"});
  e.push_back({"serving.tokens_per_s", "n_dp·B/itl",
               {{"n_dp", s.dp, "replicas", ""}, {"B", s.batch_size, "sequences", ""}, {"itl", d.itl, "s", ""}},
               "MODELS.md §E"});
  e.push_back({"serving.max_batch", "floor((U − weights − workspace − reserve)/KV_seq,r(S + n_out))",
               {{"U", r.memory.usable, "B", kUsableFraction.source}, {"weights", r.memory.breakdown.weights, "B", ""},
                {"workspace", r.memory.breakdown.workspace, "B", ""}, {"reserve", r.memory.breakdown.reserve, "B", s.reserve_source},
                {"KV_seq,r", r.memory.kv_bytes_per_sequence, "B", ""}},
               "MODELS.md §D.1, §E"});
  e.push_back({"performance.mfu", "F_model(iteration)/(t_iter·N_rep·Π(p))",
               {{"F_model", r.total.model_flops, "FLOP", s.workload.source}, {"N_rep", s.gpus_per_replica(), "GPUs", ""},
                {"Π(p)", s.plan.peak, "FLOP/s", "catalog " + s.device.name}},
               "MODELS.md §C.5, §E"});
  if (s.tp > 1)
    e.push_back({"performance.t_comm_s", "2·L·AR_ring(T·h·b_a, n_tp), T = iteration tokens",
                 {{"T", d.iteration_tokens, "tokens", ""}, {"n_tp", s.tp, "GPUs", ""},
                  {"α_intra", s.tp_link.alpha, "s", "MODELS.md §G: scale_up_latency + intra_hops·hop_latency"},
                  {"β_intra", s.tp_link.beta, "B/s", s.tp_link_source + " × η_n"}},
                 "MODELS.md §C.4, §G"});
}

}  // namespace

InferenceResult solve_serving(Scenario& s) {
  const MemoryModel memory = memory_model(s);
  const double B = s.batch_size;
  InferenceResult r = evaluate_serving(s, memory, B);
  r.memory.max_batch = memory.max_batch();
  // Per-layer operator rows of the prefill, one decode step and one iteration.
  const Shape sh = shape(s, B);
  transformer_pass(s, r.rates, {prefill_part(s, sh, 1)}, &r.prefill->detail);
  transformer_pass(s, r.rates, {decode_part(sh, B, 1)}, &r.decode->detail);
  if (s.serving.chunked_prefill)
    transformer_pass(s, r.rates, {decode_part(sh, B, sh.widen), prefill_part(s, sh, sh.phi)}, &r.iteration->detail);
  for (double b = 1; b <= kSweepMaxBatch; b *= 2) {
    const SweepPoint sp = sweep_point(b == B ? r : evaluate_serving(s, memory, b), b, r.memory.max_batch);
    if (sp.compute_bound && !r.crossover_batch) r.crossover_batch = b;
    r.sweep.push_back(sp);
  }
  add_roofline_warnings(s, r);
  const DecoderTimes& d = *r.decoder;
  if (s.serving.chunked_prefill && d.iteration_tokens > s.max_batched_tokens)
    s.warnings.push_back("TOKEN_BUDGET_EXCEEDED: an iteration carries " + format_fixed(d.iteration_tokens, 0) +
                         " tokens (B·" + format_number(sh.widen) + " + φ·S_new) > max_batched_tokens " +
                         format_number(s.max_batched_tokens) + "; the iteration is still computed in full");
  if (r.memory.max_batch >= 1 && B > r.memory.max_batch)
    s.warnings.push_back("KV_CAPACITY: batch_size " + format_number(B) + " exceeds max_batch " +
                         format_number(r.memory.max_batch) + " at S+n_out = " + format_number(s.seq_len + s.output_len));
  else if (!r.memory.fits)
    s.warnings.push_back("DOES_NOT_FIT: needs " + format_gib(r.memory.breakdown.required()) + " per GPU, " +
                         format_gib(r.memory.usable) + " usable of the " + s.device.name + "'s " +
                         format_gib(r.memory.capacity));
  explain(s, r);
  return r;
}

}  // namespace mlsysim
