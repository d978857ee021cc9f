// The training result blocks (MODELS.md §H.4, §I outputs), written with the streaming JsonWriter.
#include <cmath>

#include "mlsysim/json_writer.hpp"
#include "mlsysim/training.hpp"

namespace mlsysim {

namespace {

void write_layout(JsonWriter& w, const ParallelLayout& l, double b_mb) {
  w.field("tp", l.tp).field("pp", l.pp).field("dp", l.dp).field("cp", l.cp).field("ep", l.ep);
  w.field("microbatches", l.microbatches).field("virtual_stages", l.virtual_stages).field("zero", l.zero);
  w.field("recompute", recompute_name(l.recompute)).field("microbatch_size", b_mb).field("gpus", l.gpus());
}

const char* bottleneck(const TrainingStep& st) {
  if (st.t_comm_exposed > st.t_compute_class && st.t_comm_exposed > st.t_memory_class) return "communication";
  return st.t_compute_class >= st.t_memory_class ? "compute" : "memory";
}

}  // namespace

void write_training_blocks(JsonWriter& w, const Scenario& s, const TrainingSolution& sol) {
  const TrainingStep& st = sol.step;
  const ParallelLayout& l = st.layout;
  const bool tf = s.workload.is_transformer();
  const Rates& r = sol.ctx.rates;

  w.key("performance").begin_object();
  w.field("bottleneck", bottleneck(st));
  const double classes = st.t_compute_class + st.t_memory_class;
  w.field("compute_bound_time_fraction", classes > 0 ? st.t_compute_class / classes : 0.0);
  w.field("latency_s", st.step_time_s).field("throughput_per_s", tf ? st.tokens_per_s : st.samples_per_s);
  w.field("throughput_unit", tf ? "tokens/s" : "samples/s").field("scope", "step");
  w.field("mfu", st.mfu).field("hfu", st.hfu);
  w.field("arithmetic_intensity", st.bytes > 0 ? st.flops / st.bytes : 0.0);
  w.field("ridge_point", r.gemm / r.bandwidth).field("ridge_point_peak", s.plan.peak / s.device.memory_bandwidth);
  w.field("effective_flops", r.gemm).field("effective_bandwidth", r.bandwidth);
  w.field("t_compute_s", st.t_compute).field("t_memory_s", st.t_memory).field("t_comm_s", st.t_comm_exposed);
  const double overhead = l.microbatches * st.t_overhead + st.t_step_overhead;
  w.field("overhead_s", overhead).field("overhead_fraction", overhead / st.step_time_s);
  w.field("busy_fraction", st.busy_fraction).field("flops", st.flops).field("bytes", st.bytes);
  w.field("bubble_s", st.bubble_s);
  w.end_object();

  w.key("training").begin_object();
  w.field("step_time_s", st.step_time_s);
  if (tf) {
    w.field("tokens_per_s", st.tokens_per_s).field("tokens_per_s_per_gpu", st.per_gpu);
    w.field("tokens", sol.work);
  } else {
    w.field("samples_per_s", st.samples_per_s).field("samples_per_s_per_gpu", st.per_gpu);
    w.field("samples", sol.work);
  }
  w.field("mfu", st.mfu).field("mfu_16", st.mfu_16).field("hfu", st.hfu);
  w.field("bubble_fraction", st.bubble_fraction).field("bubble_overhead", st.bubble_overhead).field("bubble_s", st.bubble_s);
  w.field("comm_fraction", st.comm_fraction).field("busy_fraction", st.busy_fraction);
  w.field("scaling_efficiency", st.scaling_efficiency).field("single_gpu_rate_per_s", st.single_gpu_rate);
  w.field("time_to_train_s", sol.time_to_train_s);
  w.field("effective_time_to_train_s", sol.reliability.effective_time_to_train_s);
  if (sol.inverse.asked) {
    w.field("target_days", *s.training.target_days);
    w.key("gpus_needed");
    if (sol.inverse.gpus_needed) w.value(*sol.inverse.gpus_needed);
    else w.null();
    w.field("gpus_needed_first_order", sol.inverse.gpus_needed_first_order);
    if (sol.inverse.gpus_needed) {
      w.key("gpus_needed_layout").begin_object();
      write_layout(w, sol.inverse.layout, st.microbatch_size);
      w.field("step_time_s", sol.inverse.step_time_s);
      w.field("effective_time_to_train_s", sol.inverse.effective_time_to_train_s).end_object();
    }
  }
  w.field("microbatch_size", st.microbatch_size);
  w.key("layout").begin_object();
  write_layout(w, l, st.microbatch_size);
  w.field("schedule", l.pp <= 1 ? "none" : l.gpipe ? "gpipe" : l.virtual_stages > 1 ? "interleaved 1f1b" : "1f1b");
  w.field("gpus_per_node", s.network.gpus_per_node).field("nodes", std::ceil(l.gpus() / s.network.gpus_per_node));
  w.end_object();
  const double m = l.microbatches;
  w.key("comm").begin_object().field("tp", m * st.t_tp).field("cp", m * st.t_cp).field("ep", m * st.t_ep);
  w.field("pp", m * st.t_pp).field("dp", st.t_dp_exposed).field("unit", "s per step (exposed)").end_object();
  w.key("microbatch").begin_object();
  w.field("tokens", st.tokens_per_microbatch).field("stage_layers", st.stage_layers);
  w.field("t_f_s", st.t_f).field("t_b_s", st.t_b).field("t_r_s", st.t_r).field("t_stage_s", st.t_stage);
  w.field("t_edge_s", st.t_edge).field("t_tp_s", st.t_tp).field("t_ep_s", st.t_ep).field("t_cp_s", st.t_cp);
  w.field("t_pp_s", st.t_pp).field("overhead_s", st.t_overhead).field("t_mb_s", st.t_mb).end_object();
  w.field("pipeline_s", st.pipeline_s).field("dp_sync_s", st.t_dp).field("dp_sync_exposed_s", st.t_dp_exposed);
  w.field("optimizer_s", st.t_opt).field("step_overhead_s", st.t_step_overhead);
  w.key("network").begin_object();
  w.field("fabric", s.fabric.name).field("fabric_display_name", s.fabric.display_name);
  w.field("algorithm", algorithm_name(s.network.algorithm));
  w.field("alpha_intra_s", s.network.intra.alpha).field("beta_intra_Bps", s.network.intra.beta);
  w.field("alpha_inter_s", s.network.inter.alpha).field("beta_inter_Bps", s.network.inter.beta);
  w.field("gpus_per_node", s.network.gpus_per_node).field("nics_per_node", s.network.nics_per_node);
  w.key("groups").begin_array();
  for (int i = 0; i < st.group_count; ++i) {
    const GroupCost& g = st.groups[i];
    w.begin_object().field("name", g.name).field("op", g.op).field("ranks", g.placement.n);
    w.field("stride", g.placement.stride).field("n_loc", g.placement.n_loc).field("n_nod", g.placement.n_nod);
    w.field("bytes", g.bytes).field("level", g.cost.level).field("algorithm", g.cost.algorithm);
    w.field("inter_algorithm", g.cost.inter_algorithm).field("time_s", g.cost.time);
    w.field("count_per_step", g.count_per_step).end_object();
  }
  w.end_array().end_object();
  if (sol.search) {
    const SearchResult& sr = *sol.search;
    w.key("search").begin_array();
    for (const auto& e : sr.top) {
      w.begin_object();
      write_layout(w, e.layout, s.batch_size / (e.layout.dp * e.layout.microbatches));
      w.field("step_time_s", e.step_time_s).field(tf ? "tokens_per_s" : "samples_per_s", e.tokens_per_s);
      w.field("mfu", e.mfu).field("required_bytes", e.required_bytes).end_object();
    }
    w.end_array();
    w.key("search_stats").begin_object().field("candidates", static_cast<double>(sr.candidates));
    w.field("feasible", static_cast<double>(sr.feasible));
    w.key("rejected").begin_object().field("memory", static_cast<double>(sr.rejected_memory));
    w.field("divisibility", static_cast<double>(sr.rejected_divisibility)).end_object();
    w.field("truncated", sr.truncated).end_object();
  }
  w.end_object();

  const ReliabilityResult& rr = sol.reliability;
  w.key("reliability").begin_object();
  w.field("fleet_mtbf_s", rr.fleet_mtbf_s).field("node_mtbf_s", rr.node_mtbf_s).field("nodes", rr.nodes);
  w.field("checkpoint_bytes", rr.checkpoint_bytes).field("checkpoint_bytes_per_param", rr.checkpoint_bytes_per_param);
  w.field("checkpoint_write_s", rr.checkpoint_write_s).field("checkpoint_interval_s", rr.checkpoint_interval_s);
  w.field("checkpoint_interval_optimal_s", rr.checkpoint_interval_optimal_s);
  w.field("checkpoint_interval_young_s", rr.checkpoint_interval_young_s).field("goodput", rr.goodput);
  w.field("first_order_waste", rr.first_order_waste).field("expected_failures", rr.expected_failures);
  w.field("expected_lost_s", rr.expected_lost_s).field("failure_probability", rr.failure_probability);
  w.field("restart_s", rr.restart_s).field("effective_time_to_train_s", rr.effective_time_to_train_s);
  w.key("goodput_curve").begin_array();
  for (const auto& p : rr.curve) w.begin_object().field("interval_s", p.interval_s).field("goodput", p.goodput).end_object();
  w.end_array().end_object();
}

}  // namespace mlsysim
