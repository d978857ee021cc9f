// The fleet model (issue 3/6): §G collectives and placement, §H training step (W3), H.5 inverse,
// H.6 search, §I reliability (W4), the upstream bugs MODELS.md §N 1–5, 18–19, and bad inputs.
#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <tuple>
#include <vector>

#include "mlsysim/topology.hpp"
#include "test_support.hpp"

using nlohmann::json;
using namespace mlsysim;

namespace {
json w3(const json& patch = json::object()) {
  json s = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
            {"batch_size", 1024}, {"seq_len", 8192},
            {"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}, {"zero", 1}, {"recompute", "selective"}}},
            {"training", {{"tokens", 15e12}}}};
  s.merge_patch(patch);
  return s;
}
double num(const json& j) { return j.get<double>(); }
}  // namespace

TEST_CASE("§G primitives by hand: ring, tree, all-gather, all-to-all, p2p, hierarchical") {
  const Link intra{1.1e-6, 360e9}, inter{5e-6, 40e9};
  const double M = 134217728;  // 8192·8192·2
  CHECK(allreduce_ring(M, 8, intra) == doctest::Approx(2 * 7 * 1.1e-6 + 2 * 7.0 / 8 * M / 360e9).epsilon(1e-14));
  CHECK(allreduce_ring(M, 8, intra) == doctest::Approx(667.8e-6).epsilon(1e-4));  // W3 TP all-reduce
  CHECK(allreduce_tree(M, 256, inter) == doctest::Approx(2 * 8 * 5e-6 + 2 * M / 40e9).epsilon(1e-14));
  CHECK(allgather(M, 32, inter) == doctest::Approx(31 * 5e-6 + 31.0 / 32 * M / 40e9).epsilon(1e-14));
  CHECK(all_to_all(M, 4, intra) == doctest::Approx(3 * 1.1e-6 + 0.75 * M / 360e9).epsilon(1e-14));
  CHECK(point_to_point(M, inter) == doctest::Approx(5e-6 + M / 40e9).epsilon(1e-14));
  for (double n : {1.0}) CHECK(allreduce_ring(M, n, inter) == 0);
  Network net;
  net.intra = intra;
  net.inter = inter;
  net.gpus_per_node = 8;
  // 256 ranks, stride 1: 8 per node on 32 nodes → hierarchical (auto), ring/tree when forced.
  const Placement p = place(256, 1, 8);
  CHECK(p.n_loc == 8);
  CHECK(p.n_nod == 32);
  const CollectiveCost h = group_allreduce(M, p, net);
  CHECK(std::string(h.algorithm) == "hierarchical");
  const double inside = 2 * (7 * 1.1e-6 + 7.0 / 8 * M / 360e9);
  const double between = std::min(allreduce_ring(M / 8, 32, inter), allreduce_tree(M / 8, 32, inter));
  CHECK(h.time == doctest::Approx(inside + between).epsilon(1e-14));
  net.algorithm = Algorithm::kRing;
  CHECK(group_allreduce(M, p, net).time == doctest::Approx(allreduce_ring(M, 256, inter)).epsilon(1e-14));
  CHECK(h.time <= group_allreduce(M, p, net).time);  // §G invariant AR_h ≤ AR_ring on the inter link
  net.algorithm = Algorithm::kTree;
  CHECK(group_allreduce(M, p, net).time == doctest::Approx(allreduce_tree(M, 256, inter)).epsilon(1e-14));
  net.algorithm = Algorithm::kAuto;
  // Inside one node: always a ring (no log-depth tree on NVSwitch).
  const CollectiveCost in = group_allreduce(M, place(8, 1, 8), net);
  CHECK(std::string(in.level) == "intra-node");
  CHECK(std::string(in.algorithm) == "ring");
  // Stride = g: one member per node → inter-node, ring or tree whichever is cheaper.
  const Placement dp = place(32, 8, 8);
  CHECK(dp.n_loc == 1);
  CHECK(dp.n_nod == 32);
  CHECK(std::string(group_allreduce(M, dp, net).level) == "inter-node");
  // Stride 4 on 8-GPU nodes: 2 members per node; stride 16: 1 per node.
  CHECK(place(16, 4, 8).n_loc == 2);
  CHECK(place(16, 4, 8).n_nod == 8);
  CHECK(place(16, 16, 8).n_loc == 1);
  // All-to-all split: max of the intra and inter parts.
  const Placement ep = place(16, 1, 8);
  CHECK(group_all_to_all(M, ep, net).time ==
        doctest::Approx(std::max(7 * 1.1e-6 + 7.0 / 16 * M / 360e9, 8 * 5e-6 + 8.0 / 16 * M / 40e9)).epsilon(1e-14));
  // P2P: intra iff σ < g.
  CHECK(std::string(group_p2p(M, 4, net).level) == "intra-node");
  CHECK(std::string(group_p2p(M, 8, net).level) == "inter-node");
}

TEST_CASE("seed question: ring all-reduce on 256 GPUs via collective()") {
  const json r = collective({{"op", "all_reduce"}, {"bytes", 1e9}, {"gpus", 256}, {"algorithm", "ring"}});
  REQUIRE(r["ok"] == true);
  const json& c = r["collective"];
  const Link inter{5e-6, 50e9 * 0.8};
  CHECK(num(c["time_s"]) == doctest::Approx(allreduce_ring(1e9, 256, inter)).epsilon(1e-12));
  CHECK(c["algorithm"] == "ring");
  CHECK(c["n_nod"] == 32);
  const json a = collective({{"op", "all_reduce"}, {"bytes", "1 GB"}, {"gpus", 256}});
  CHECK(a["collective"]["algorithm"] == "hierarchical");
  CHECK(num(a["collective"]["time_s"]) < num(c["time_s"]));
  CHECK(collective({{"op", "broadcast"}, {"bytes", 1}})["error"]["path"] == "op");
  CHECK(collective({{"op", "p2p"}, {"bytes", 1}, {"fabric", "Infiniband_NRD"}})["error"]["message"].get<std::string>().find(
            "did you mean") != std::string::npos);
}

TEST_CASE("W3: Llama-3.1-70B on 1024 H100, tp=8 pp=4 dp=32, m=32 (MODELS.md Appendix W3)") {
  const json r = solve_ok(w3({{"training", {{"target_days", 120}}}}));
  const json& t = r["training"];
  CHECK(num(t["microbatch"]["t_f_s"]) == doctest::Approx(3.361e-3).epsilon(2e-4));
  CHECK(num(t["microbatch"]["t_b_s"]) == doctest::Approx(6.861e-3).epsilon(2e-4));
  CHECK(num(t["microbatch"]["t_tp_s"]) == doctest::Approx(53.43e-3).epsilon(2e-4));
  CHECK(num(t["microbatch"]["t_pp_s"]) == doctest::Approx(0.849e-3).epsilon(1e-3));
  CHECK(num(t["microbatch"]["t_mb_s"]) == doctest::Approx(270.49e-3).epsilon(1e-4));
  CHECK(num(t["bubble_fraction"]) == doctest::Approx(3.0 / 35).epsilon(1e-14));
  CHECK(num(t["bubble_overhead"]) == doctest::Approx(3.0 / 32).epsilon(1e-14));
  CHECK(num(t["dp_sync_s"]) == doctest::Approx(220.3e-3).epsilon(1e-3));
  CHECK(num(t["dp_sync_exposed_s"]) == doctest::Approx(83.1e-3).epsilon(1e-3));
  CHECK(num(t["optimizer_s"]) == doctest::Approx(0.74e-3).epsilon(3e-3));
  CHECK(num(t["step_time_s"]) == doctest::Approx(9.551).epsilon(1e-4));
  CHECK(num(t["tokens_per_s"]) == doctest::Approx(878300).epsilon(1e-4));
  CHECK(num(t["tokens_per_s_per_gpu"]) == doctest::Approx(857.7).epsilon(1e-4));
  CHECK(num(t["mfu"]) == doctest::Approx(0.390).epsilon(2e-3));
  CHECK(num(t["hfu"]) == doctest::Approx(0.394).epsilon(2e-3));
  CHECK(num(t["comm_fraction"]) == doctest::Approx(0.191).epsilon(3e-3));
  CHECK(num(t["scaling_efficiency"]) == doctest::Approx(0.694).epsilon(2e-3));
  CHECK(num(t["single_gpu_rate_per_s"]) == doctest::Approx(1235).epsilon(1e-3));
  CHECK(num(t["time_to_train_s"]) / 86400 == doctest::Approx(197.7).epsilon(1e-3));
  CHECK(num(t["effective_time_to_train_s"]) / 86400 == doctest::Approx(200.0).epsilon(1e-3));
  CHECK(t["gpus_needed"] == 2048);
  CHECK(t["gpus_needed_first_order"] == 1687);
  CHECK(num(t["gpus_needed_layout"]["effective_time_to_train_s"]) / 86400 == doctest::Approx(109.7).epsilon(1e-3));
  CHECK(num(t["busy_fraction"]) == doctest::Approx(0.7225).epsilon(1e-3));
  CHECK(r["performance"]["scope"] == "step");
  CHECK(num(r["performance"]["latency_s"]) == num(t["step_time_s"]));
  CHECK(num(r["memory"]["required_bytes"]) == doctest::Approx(34.2e9).epsilon(2e-3));
  CHECK(r["memory"]["max_microbatch_size"] == 3);
  // The DP group has stride 8 = g: 32 ranks on 32 nodes, inter-node.
  bool found = false;
  for (const auto& g : t["network"]["groups"])
    if (g["name"] == "dp") {
      found = true;
      CHECK(g["n_nod"] == 32);
      CHECK(g["level"] == "inter-node");
    }
  CHECK(found);
  // Deadline unreachable: null + DEADLINE_UNREACHABLE.
  const json u = solve_ok(w3({{"training", {{"target_days", 1}}}}));
  CHECK(u["training"]["gpus_needed"].is_null());
  CHECK(has_warning(u, "DEADLINE_UNREACHABLE"));
  CHECK_FALSE(solve_ok(w3())["training"].contains("gpus_needed"));  // omitted without target_days
}

TEST_CASE("W4: checkpoint interval for a 1000-GPU job (125 DGX H100 nodes)") {
  const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                           {"seq_len", 8192}, {"cluster", {{"gpus", 1000}, {"tp", 8}}}});
  CHECK(has_warning(r, "BATCH_ROUNDED"));
  const json& rel = r["reliability"];
  CHECK(rel["nodes"] == 125);
  CHECK(num(rel["fleet_mtbf_s"]) == doctest::Approx(183356).epsilon(1e-5));
  CHECK(num(rel["checkpoint_bytes"]) == doctest::Approx(987.8e9).epsilon(1e-4));
  CHECK(num(rel["checkpoint_write_s"]) == doctest::Approx(7.90).epsilon(1e-3));
  CHECK(num(rel["restart_s"]) == doctest::Approx(427.9).epsilon(1e-4));
  CHECK(num(rel["checkpoint_interval_young_s"]) == doctest::Approx(1702).epsilon(1e-3));
  CHECK(num(rel["checkpoint_interval_s"]) == doctest::Approx(1697).epsilon(1e-3));
  CHECK(num(rel["goodput"]) == doctest::Approx(0.9884).epsilon(1e-4));
  CHECK(1 - num(rel["first_order_waste"]) == doctest::Approx(0.9884).epsilon(1e-4));
  // Goodput curve: the optimum is the best point, every point in (0, 1].
  double best = 0;
  for (const auto& p : rel["goodput_curve"]) {
    CHECK(num(p["goodput"]) > 0);
    CHECK(num(p["goodput"]) <= 1);
    best = std::max(best, num(p["goodput"]));
  }
  CHECK(best == doctest::Approx(num(rel["goodput"])).epsilon(1e-6));
  CHECK(num(rel["failure_probability"]) >= 0);
  CHECK(num(rel["failure_probability"]) <= 1);
  // Goodput falls with more GPUs.
  const json big = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                             {"seq_len", 8192}, {"cluster", {{"gpus", 4096}, {"tp", 8}}}});
  CHECK(num(big["reliability"]["goodput"]) < num(rel["goodput"]));
}

TEST_CASE("upstream bugs (MODELS.md §N 1–5): tokens, sharding, replicas, placement, scaling efficiency, bubble") {
  // 1. Training FLOPs scale with tokens B·S: 3·F_fwd per token (8·N-like with full recompute in HFU).
  for (double S : {2048.0, 8192.0}) {
    const json r = solve_ok(w3({{"seq_len", S}}));
    const double F_tok = num(r["workload"]["flops_per_sample"]);
    const double lhs = num(r["training"]["mfu"]) * num(r["training"]["step_time_s"]) * 1024 * 989e12;
    CHECK(lhs == doctest::Approx(3 * F_tok * 1024 * S).epsilon(1e-12));
  }
  const json full = solve_ok(w3({{"cluster", {{"recompute", "full"}}}}));
  const double ratio = num(full["training"]["hfu"]) / num(full["training"]["mfu"]);
  CHECK(ratio > 4.0 / 3);  // recompute adds a forward (8·N per token instead of 6·N), flash backward more
  CHECK(ratio < 1.45);
  // 2. Sharded over tp·pp for memory and compute.
  const json one = solve_ok(w3({{"cluster", {{"gpus", 256}, {"tp", 8}, {"pp", 1}}}, {"batch_size", 32}}));
  const json four = solve_ok(w3({{"cluster", {{"gpus", 1024}, {"tp", 8}, {"pp", 4}}}, {"batch_size", 128}}));
  CHECK(num(four["memory"]["params_per_gpu"]) < 0.27 * num(one["memory"]["params_per_gpu"]));
  CHECK(num(four["training"]["microbatch"]["t_stage_s"]) ==
        doctest::Approx(num(one["training"]["microbatch"]["t_stage_s"]) / 4).epsilon(1e-9));
  // 3. Fleet throughput counts each replica once: tokens/s·step = B·S.
  const json r = solve_ok(w3());
  CHECK(num(r["training"]["tokens_per_s"]) * num(r["training"]["step_time_s"]) == doctest::Approx(1024.0 * 8192));
  // 4. The intra/inter path follows gpus_per_node and the degrees, not dp alone.
  auto dp_level = [](const json& res) {
    for (const auto& g : res["training"]["network"]["groups"])
      if (g["name"] == "dp") return g["level"].get<std::string>();
    return std::string("none");
  };
  CHECK(dp_level(solve_ok(w3({{"cluster", {{"gpus", 16}, {"tp", 4}, {"pp", 1}}}, {"batch_size", 16}}))) == "hierarchical");
  CHECK(dp_level(solve_ok(w3({{"cluster", {{"gpus", 8}, {"tp", 4}, {"pp", 1}}}, {"batch_size", 16}}))) == "intra-node");
  CHECK(dp_level(solve_ok(w3({{"cluster", {{"gpus", 16}, {"tp", 4}, {"pp", 1}, {"gpus_per_node", 4}}},
                              {"batch_size", 16}}))) == "inter-node");
  // 5. Scaling efficiency per GPU vs the single-GPU ideal: ≈ 1 at N = 1, ≤ 1, falls with N.
  const json small = solve_ok({{"model", "Llama3_8B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                               {"batch_size", 64}, {"seq_len", 2048}, {"cluster", {{"gpus", 1}}}});
  CHECK(num(small["training"]["scaling_efficiency"]) == doctest::Approx(1).epsilon(0.01));
  CHECK(num(small["training"]["comm_fraction"]) == 0);
  CHECK(num(small["training"]["bubble_fraction"]) == 0);
  CHECK(num(r["training"]["scaling_efficiency"]) <= 1);
  // Bubble = (pp − 1)/(m·v + pp − 1).
  for (int v : {1, 2, 4}) {
    const json b = solve_ok(w3({{"cluster", {{"virtual_stages", v}}}}));
    CHECK(num(b["training"]["bubble_fraction"]) == doctest::Approx(3.0 / (32.0 * v + 3)).epsilon(1e-12));
  }
}

TEST_CASE("training invariants: FLOPs vs GPUs, bandwidth, bubble range") {
  double last_flops = 0;
  for (int dp : {4, 8, 16, 32}) {
    const json r = solve_ok(w3({{"cluster", {{"gpus", 32 * dp}}}}));
    const double total = num(r["performance"]["flops"]) * 32 * dp;  // heaviest-stage FLOPs × GPUs ≥ work
    CHECK(total >= last_flops * (1 - 1e-12));
    last_flops = total;
    const double bubble = num(r["training"]["bubble_fraction"]);
    CHECK(bubble >= 0);
    CHECK(bubble < 1);
    CHECK(num(r["training"]["mfu"]) <= num(r["training"]["hfu"]));
  }
  const json slow = solve_ok(w3({{"cluster", {{"fabric", {{"bandwidth", "25 GB/s"}, {"latency", "5 us"}}}}}}));
  const json fast = solve_ok(w3({{"cluster", {{"fabric", {{"bandwidth", "50 GB/s"}, {"latency", "5 us"}}}}}}));
  CHECK(num(fast["training"]["step_time_s"]) <= num(slow["training"]["step_time_s"]));
  CHECK(num(fast["training"]["step_time_s"]) == doctest::Approx(num(solve_ok(w3())["training"]["step_time_s"])));
}

TEST_CASE("H.6 search: ranked top-k, rejection counts, winner used for the other blocks") {
  const json r = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                           {"batch_size", 256}, {"seq_len", 4096}, {"cluster", {{"gpus", 64}}},
                           {"training", {{"search", true}, {"search_top_k", 5}}}});
  const json& top = r["training"]["search"];
  REQUIRE(top.size() == 5);
  for (size_t i = 1; i < top.size(); ++i) CHECK(num(top[i - 1]["tokens_per_s"]) >= num(top[i]["tokens_per_s"]));
  const json& st = r["training"]["search_stats"];
  CHECK(num(st["rejected"]["memory"]) > 0);
  CHECK(num(st["rejected"]["divisibility"]) > 0);
  CHECK(num(st["candidates"]) == num(st["feasible"]) + num(st["rejected"]["memory"]) + num(st["rejected"]["divisibility"]));
  CHECK(num(r["training"]["step_time_s"]) == doctest::Approx(num(top[0]["step_time_s"])).epsilon(1e-12));
  CHECK(r["training"]["layout"]["tp"] == top[0]["tp"]);
  // Degrees given in cluster are held fixed.
  const json fixed = solve_ok({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                               {"batch_size", 256}, {"seq_len", 4096}, {"cluster", {{"gpus", 64}, {"tp", 8}}},
                               {"training", {{"search", true}}}});
  for (const auto& e : fixed["training"]["search"]) CHECK(e["tp"] == 8);
  // Nothing fits: error at `cluster`.
  const json e = solve_error({{"model", "Llama3_70B"}, {"hardware", "A100"}, {"mode", "training"}, {"batch_size", 8},
                              {"cluster", {{"gpus", 1}}}, {"training", {{"search", true}}}});
  CHECK(e["path"] == "cluster");
  CHECK(e["message"].get<std::string>().find("no parallel configuration of 1 GPUs fits") != std::string::npos);
}

TEST_CASE("CNN data-parallel training: samples/s, mfu from 3·B·F_s") {
  const json r = solve_ok({{"model", "ResNet50"}, {"hardware", "A100"}, {"mode", "training"}, {"batch_size", 256},
                           {"cluster", {{"gpus", 8}}}});
  const json& t = r["training"];
  CHECK(t.contains("samples_per_s"));
  CHECK_FALSE(t.contains("tokens_per_s"));
  CHECK(num(t["samples_per_s"]) * num(t["step_time_s"]) == doctest::Approx(256));
  CHECK(num(t["time_to_train_s"]) == doctest::Approx(1.153e8 / num(t["samples_per_s"])));
  CHECK(r["performance"]["throughput_unit"] == "samples/s");
}

TEST_CASE("reliability times and bandwidths also read unit strings, converted to the key's unit") {
  const json numbers = solve_ok(w3({{"reliability", {{"gpu_mtbf_h", 78840}, {"host_mtbf_h", 43800}, {"restart_s", 420},
                                                     {"storage_bw_per_node_Bps", 2e9}, {"checkpoint_interval_s", 5400}}}}));
  // 9 years = 9·8760 h (MODELS.md §A: a year is 8760 h); 5 years = 43 800 h; 7 min = 420 s; 1.5 h = 5400 s.
  const json strings = solve_ok(w3({{"reliability", {{"gpu_mtbf_h", "9 years"}, {"host_mtbf_h", "5 yr"}, {"restart_s", "7 min"},
                                                     {"storage_bw_per_node_Bps", "2 GB/s"}, {"checkpoint_interval_s", "1.5 h"}}}}));
  const json defaults = solve_ok(w3());
  for (const char* k : {"fleet_mtbf_s", "checkpoint_write_s", "checkpoint_interval_s", "restart_s", "goodput"}) {
    CAPTURE(k);
    CHECK(num(strings["reliability"][k]) == doctest::Approx(num(numbers["reliability"][k])).epsilon(1e-12));
  }
  CHECK(num(strings["reliability"]["fleet_mtbf_s"]) != doctest::Approx(num(defaults["reliability"]["fleet_mtbf_s"])));
  // 16 Gb/s is 2 GB/s.
  CHECK(num(solve_ok(w3({{"reliability", {{"storage_bw_per_node_Bps", "16 Gb/s"}}}}))["reliability"]["checkpoint_write_s"]) ==
        doctest::Approx(num(numbers["reliability"]["checkpoint_write_s"])));
  auto check = [](const json& s, const char* path, const std::string& message) {
    const json e = solve_error(s);
    CHECK(e["path"] == path);
    CHECK(e["message"] == message);
  };
  check(w3({{"reliability", {{"gpu_mtbf_h", "5 GB"}}}}), "reliability.gpu_mtbf_h", "expected s (got '5 GB')");
  check(w3({{"reliability", {{"restart_s", "ten minutes"}}}}), "reliability.restart_s",
        "expected a number with a unit (got 'ten minutes')");
  check(w3({{"reliability", {{"storage_bw_per_node_Bps", "3 parsecs/s"}}}}), "reliability.storage_bw_per_node_Bps",
        "unknown unit 'parsecs/s' (got '3 parsecs/s')");
  check(w3({{"reliability", {{"nic_mtbf_h", "0 h"}}}}), "reliability.nic_mtbf_h", "must be > 0 (got 0)");
  check(w3({{"reliability", {{"restart_s", "-1 min"}}}}), "reliability.restart_s", "must be ≥ 0 (got -60)");
}

// The numbers after "nearest valid NAME:" in a message ("…; nearest valid tp: 2 or 4" → {2, 4}).
static std::vector<double> suggested(const std::string& message, const std::string& name) {
  std::vector<double> out;
  const std::string tag = "nearest valid " + name + ": ";
  const auto at = message.find(tag);
  if (at == std::string::npos) return out;
  std::string rest = message.substr(at + tag.size());
  for (size_t i = 0; i < rest.size();) {
    if (std::isdigit(static_cast<unsigned char>(rest[i]))) {
      size_t used = 0;
      out.push_back(std::stod(rest.substr(i), &used));
      i += used;
    } else if (rest.compare(i, 4, " or ") == 0) {
      i += 4;
    } else {
      break;
    }
  }
  return out;
}

TEST_CASE("layout errors propose the nearest valid values, and those values pass the rule") {
  const std::vector<std::tuple<json, std::string, std::string, std::string, std::string>> cases = {
      // scenario, error path, full message, suggested name, where it goes ("cluster.x" or "batch_size")
      {w3({{"cluster", {{"dp", 16}}}}), "cluster.gpus",
       "tp*pp*cp*dp = 8*4*1*16 = 512 does not equal gpus = 1024; nearest valid dp: 32 (or leave dp out: it is derived "
       "from gpus)",
       "dp", "cluster.dp"},
      {w3({{"cluster", {{"gpus", 1000}}}}), "cluster.gpus",
       "gpus=1000 is not divisible by tp*pp*cp = 32; nearest valid gpus: 992 or 1024", "gpus", "cluster.gpus"},
      {w3({{"cluster", {{"pp", 96}, {"gpus", 768}}}}), "cluster.pp",
       "pp=96 exceeds num_hidden_layers=80; nearest valid pp: 48", "pp", "cluster.pp"},
      {w3({{"cluster", {{"pp", 96}, {"gpus", nullptr}, {"dp", 1}}}}), "cluster.pp",
       "pp=96 exceeds num_hidden_layers=80; nearest valid pp: 80", "pp", "cluster.pp"},
      {w3({{"cluster", {{"tp", 3}, {"gpus", nullptr}}}}), "cluster.tp",
       "tp=3 must divide num_attention_heads=64; nearest valid tp: 2 or 4", "tp", "cluster.tp"},
      {w3({{"cluster", {{"tp", 6}, {"gpus", nullptr}}}}), "cluster.tp",
       "tp=6 must divide num_attention_heads=64; nearest valid tp: 4 or 8", "tp", "cluster.tp"},
      {w3({{"batch_size", 1000}}), "batch_size", "batch_size=1000 must be divisible by dp=32; nearest valid batch_size: 992 or 1024",
       "batch_size", "batch_size"},
      {w3({{"cluster", {{"microbatches", 30}}}}), "cluster.microbatches",
       "batch_size=1024 must be divisible by dp*microbatches = 32*30; nearest valid microbatches: 16 or 32",
       "microbatches", "cluster.microbatches"},
      {w3({{"cluster", {{"virtual_stages", 2}, {"microbatches", 2}}}}), "cluster.microbatches",
       "interleaved schedule needs microbatches divisible by pp=4 (got 2); nearest valid microbatches: 4", "microbatches",
       "cluster.microbatches"},
      {json{{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"mode", "training"}, {"cluster", {{"gpus", 8}, {"ep", 3}}}},
       "cluster.ep", "ep=3 must divide num_experts=8; nearest valid ep: 2 or 4", "ep", "cluster.ep"},
  };
  for (const auto& [scenario, path, message, name, where] : cases) {
    const std::string shown = message;  // clang 14 cannot capture a structured binding in CAPTURE's lambda
    CAPTURE(shown);
    const json e = solve_error(scenario);
    CHECK(e["path"] == path);
    CHECK(e["message"] == message);
    const std::vector<double> values = suggested(message, name);
    REQUIRE_FALSE(values.empty());
    for (double v : values) {
      // Each suggestion, put in place of the rejected value, clears this rule: the scenario solves or
      // fails on another field.
      json fixed = scenario;
      if (where == "batch_size") fixed["batch_size"] = v;
      else fixed["cluster"][where.substr(8)] = v;
      if (where == "cluster.gpus" || where == "cluster.dp") fixed["cluster"].erase(where == "cluster.gpus" ? "dp" : "gpus");
      const json r = solve(fixed);
      CAPTURE(r.dump().substr(0, 300));
      CHECK((r["ok"] == true || r["error"]["path"] != path));
    }
  }
}

TEST_CASE("training bad inputs: path and message") {
  auto check = [](const json& s, const char* path, const std::string& message) {
    const json e = solve_error(s);
    CHECK(e["path"] == path);
    CHECK(e["message"].get<std::string>().rfind(message, 0) == 0);
  };
  check(w3({{"cluster", {{"dp", 16}}}}), "cluster.gpus", "tp*pp*cp*dp = 8*4*1*16 = 512 does not equal gpus = 1024");
  check(w3({{"cluster", {{"pp", 96}, {"gpus", 768}}}}), "cluster.pp", "pp=96 exceeds num_hidden_layers=80");
  check(w3({{"batch_size", 1000}}), "batch_size", "batch_size=1000 must be divisible by dp=32");
  check(w3({{"cluster", {{"microbatches", 30}}}}), "cluster.microbatches", "batch_size=1024 must be divisible by dp*microbatches = 32*30");
  check(w3({{"cluster", {{"virtual_stages", 30}}}}), "cluster.virtual_stages",
        "pp*virtual_stages = 120 exceeds num_hidden_layers + 2 = 82");
  check(w3({{"cluster", {{"virtual_stages", 2}, {"microbatches", 2}}}}), "cluster.microbatches",
        "interleaved schedule needs microbatches divisible by pp=4 (got 2)");
  check(w3({{"seq_len", 8190}, {"cluster", {{"cp", 4}, {"gpus", 1024}}}}), "cluster.cp", "cp=4 needs seq_len divisible by 2*cp = 8");
  check(w3({{"cluster", {{"fabric", "InfiniBand_NRD"}}}}), "cluster.fabric", "unknown fabric 'InfiniBand_NRD'; did you mean InfiniBand_NDR");
  check(w3({{"cluster", {{"fabric", {{"bandwidth", "0 GB/s"}}}}}}), "cluster.fabric.bandwidth", "must be > 0");
  check(w3({{"cluster", {{"fabric", {{"bandwidth", "50 GB/s"}, {"oversubscription", 0.5}}}}}}),
        "cluster.fabric.oversubscription", "must be ≥ 1");
  check({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"mode", "training"}, {"cluster", {{"gpus", 8}, {"ep", 3}}}},
        "cluster.ep", "ep=3 must divide num_experts=8");
  check({{"model", "Mixtral_8x7B"}, {"hardware", "H100"}, {"mode", "training"}, {"batch_size", 64},
         {"cluster", {{"gpus", 16}, {"tp", 4}, {"ep", 8}}}},
        "cluster.ep", "ep=8 must divide dp*cp = 4");
  check(w3({{"reliability", {{"checkpoint_interval_s", 0}}}}), "reliability.checkpoint_interval_s", "must be > 0 (got 0)");
  check(w3({{"reliability", {{"gpu_mtbf_h", -1}}}}), "reliability.gpu_mtbf_h", "must be > 0");
  check(w3({{"training", {{"target_days", 0}}}}), "training.target_days", "must be > 0 (got 0)");
  check(w3({{"network", {{"algorithm", "butterfly"}}}}), "network.algorithm", "must be one of auto, ring, tree, hierarchical");
}
