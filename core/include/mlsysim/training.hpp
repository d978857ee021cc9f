// Mode "training" (MODELS.md §H): per-microbatch time on the heaviest pipeline stage (H.2), step time
// with the pipeline bubble, DP/ZeRO sync and optimizer (H.3), derived outputs (H.4), the inverse
// problem "GPUs for a deadline" (H.5) and the exhaustive parallelism search (H.6).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mlsysim/explain.hpp"
#include "mlsysim/memory.hpp"
#include "mlsysim/reliability.hpp"
#include "mlsysim/roofline.hpp"
#include "mlsysim/topology.hpp"

namespace mlsysim {

// One collective of the step, as the result reports it (training.network.groups).
struct GroupCost {
  const char* name = "";        // tp, cp, ep, pp, dp, dpe
  const char* op = "";          // all_reduce, all_gather+reduce_scatter, all_to_all, p2p
  Placement placement;
  double bytes = 0;             // M of one collective
  double count_per_step = 0;    // how many run per step
  CollectiveCost cost;          // one collective
};

struct TrainingStep {
  ParallelLayout layout;
  // H.2: per microbatch on the heaviest stage.
  double microbatch_size = 0, tokens_per_microbatch = 0, stage_layers = 0, moe_layers = 0;
  double t_f = 0, t_b = 0, t_r = 0;  // one layer (stage average), forward / backward / recompute
  double t_stage = 0;                // ℓ·(t_f + t_b + t_r)
  double t_edge = 0, t_tp = 0, t_ep = 0, t_cp = 0, t_pp = 0, t_overhead = 0, t_mb = 0;
  double t_att_f = 0, t_att_b = 0;   // attention core of one layer (CP overlap window)
  // H.3
  double pipeline_s = 0, bubble_fraction = 0, bubble_overhead = 0, bubble_s = 0;
  double t_dp = 0, t_dp_exposed = 0, t_opt = 0, t_step_overhead = 0, step_time_s = 0;
  // H.4
  double tokens_per_s = 0, samples_per_s = 0, per_gpu = 0, mfu = 0, mfu_16 = 0, hfu = 0;
  double comm_fraction = 0, busy_fraction = 0, scaling_efficiency = 0, single_gpu_rate = 0, t_mb_single = 0;
  double model_flops_step = 0;       // 3·F_fwd(B·S) (or 3·B·F_s)
  // Roofline of one step of the heaviest stage (performance block, scope "step").
  double flops = 0, bytes = 0, t_compute = 0, t_memory = 0, t_compute_class = 0, t_memory_class = 0;
  double t_comm_exposed = 0;
  // Memory of the layout.
  TrainingMemory memory;
  MemoryBreakdown memory_at;
  bool fits = false;
  GroupCost groups[6];
  int group_count = 0;
};

// Rates and per-token model FLOPs of a scenario, computed once (the search's context).
struct TrainingContext {
  const Scenario* s = nullptr;
  Rates rates;
  double flops_per_token = 0;  // F_fwd per token at S (§B.3); CNN/generic: F_s per sample
  double att_flops_per_token = 0;  // its attention-core part
};
TrainingContext training_context(const Scenario& s);

// The first §C.0/H.1 rule a layout breaks (a reason phrase), or nullptr: the search and the inverse
// problem skip such layouts.
const char* layout_violation(const Scenario& s, const ParallelLayout& l);

// H.2–H.4 for one layout of the scenario (no allocations; the search's inner step).
TrainingStep evaluate_training(const TrainingContext& ctx, const ParallelLayout& l);

struct SearchEntry {
  ParallelLayout layout;
  double step_time_s = 0, tokens_per_s = 0, mfu = 0, required_bytes = 0;
  long long index = 0;  // enumeration order
};
struct SearchResult {
  std::vector<SearchEntry> top;
  long long candidates = 0, evaluated = 0, feasible = 0, rejected_memory = 0, rejected_divisibility = 0;
  bool truncated = false;
};
// H.6: every valid tp×pp×cp×ep×dp×b_mb×v×zero×recompute for the scenario's GPU count, ranked.
SearchResult search_layouts(const Scenario& s, int top_k);

struct InverseResult {
  bool asked = false;
  std::optional<double> gpus_needed;      // null when the deadline is unreachable
  double gpus_needed_first_order = 0;
  ParallelLayout layout;                  // the layout used for gpus_needed
  double step_time_s = 0, effective_time_to_train_s = 0;
  double best_effective_s = 0, best_dp = 0;  // the fastest tried (for the warning)
};

struct TrainingSolution {
  TrainingContext ctx;
  TrainingStep step;
  ReliabilityResult reliability;
  InverseResult inverse;
  std::optional<SearchResult> search;
  double work = 0;               // training.tokens (or samples)
  double time_to_train_s = 0;
  std::vector<ExplainEntry> explain;
};

// The full answer: search (when asked), step, reliability, inverse problem, explain; warnings to s.
// With training.search the winning layout is written back into s.
TrainingSolution solve_training(Scenario& s);

}  // namespace mlsysim

namespace mlsysim {
class JsonWriter;
// The training result blocks (streamed): performance (scope "step"), training, reliability.
void write_training_blocks(JsonWriter& w, const Scenario& s, const TrainingSolution& sol);
}  // namespace mlsysim
