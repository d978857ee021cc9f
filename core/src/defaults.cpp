#include "mlsysim/defaults.hpp"

namespace mlsysim::defaults {

const DefaultValue kComputeEfficiency{
    "efficiency.compute", 0.60, "fraction of peak FLOP/s",
    "MODELS.md §C.1: A100 FP16 7B prefill sustains ≈0.67 of peak (TensorRT-LLM, SRV-04); H100 BF16 training "
    "MFU ≈0.43–0.46 (TRN-06, TRN-04); Megatron 1T on A100 ≈0.52 (TRN-01)"};
const DefaultValue kLowPrecisionFactor{
    "efficiency.compute_lowp", 0.75, "multiplier on η_c for ≤ 8-bit GEMMs",
    "MODELS.md §C.1 prior: 8-bit GEMMs reach a smaller fraction of their peak than 16-bit GEMMs"};
const DefaultValue kAttentionEfficiency{
    "efficiency.attention", 0.50, "fraction of 16-bit peak",
    "MODELS.md §C.1: FlashAttention-2 class kernels reach roughly 50–70% of A100 16-bit peak forward"};
const DefaultValue kMemoryEfficiency{
    "efficiency.memory", 0.80, "fraction of peak bandwidth",
    "MODELS.md §C.1: batch-1 decode reaches 0.82 of peak bandwidth on RTX 4090 (SRV-07)"};
const DefaultValue kLayerOverhead{
    "efficiency.overhead_s", 1.0e-5, "s per layer per pass",
    "MODELS.md §C.1: kernel launch/dispatch per layer (upstream calibration 0.01 ms)"};
const DefaultValue kStepOverhead{
    "efficiency.step_overhead_s", 1.0e-5, "s per pass",
    "MODELS.md §C.1: host dispatch per forward pass when the device lists no dispatch_tax"};
const DefaultValue kDequantOverhead{
    "efficiency.dequant_overhead", 0.15, "fraction of GEMM compute time",
    "MODELS.md §C.1/§F: extra GEMM time of weight-only kernels"};
const DefaultValue kMoeImbalance{
    "efficiency.moe_imbalance", 1.0, "busiest-expert load / mean",
    "MODELS.md §C.1: 1.0 = ideal balance"};
const DefaultValue kUsableFraction{
    "memory.usable_fraction", 0.95, "fraction of capacity",
    "MODELS.md §D: allocator fragmentation headroom (PyTorch caching allocator)"};
const DefaultValue kReserveBytes{
    "memory.reserve_bytes", 1.0e9, "B",
    "MODELS.md §D: CUDA context, cuBLAS/NCCL workspaces (0.5–1.5 GB typical)"};
const DefaultValue kMaxBatchedTokens{
    "serving.max_batched_tokens", 8192, "tokens",
    "MODELS.md §D: per-iteration token budget of vLLM-style chunked prefill"};
const DefaultValue kPageTokens{
    "serving.page_tokens", 16, "tokens", "MODELS.md §E: vLLM PagedAttention block size"};
const DefaultValue kRequestOverhead{
    "serving.request_overhead_s", 3.0e-3, "s per request",
    "MODELS.md §E: host work outside kernels (tokenize, schedule, sample); short-prompt TTFTs (SRV-04)"};
const DefaultValue kBatchInference{"batch_size", 1, "samples or sequences", "MODELS.md §0"};
const DefaultValue kSeqLen{"seq_len", 2048, "tokens", "MODELS.md §0 (LLMs; encoders use the catalog length)"};
const DefaultValue kOutputLen{"output_len", 128, "tokens", "MODELS.md §0"};

const DefaultValue kBatchServing{"batch_size", 32, "concurrent sequences per replica",
                                 "MODELS.md §0: serving default concurrency"};
const DefaultValue kBatchTraining{"batch_size", 1024, "sequences per optimizer step (global)",
                                  "MODELS.md §0: rounded to a multiple of dp (warning BATCH_ROUNDED)"};
const DefaultValue kNetworkEfficiency{
    "efficiency.network", 0.80, "fraction of link β",
    "MODELS.md §C.1: engineering prior from NCCL bus-bandwidth practice (≈80% of NVLink per-direction rate)"};
const DefaultValue kScaleUpLatency{"hardware.scale_up_latency", 0.5e-6, "s",
                                   "MODELS.md §G: scale-up link latency when the device lists none"};
const DefaultValue kHopLatency{"network.hop_latency_s", 0.6e-6, "s per switch hop", "MODELS.md §G: catalog HopLatency"};
const DefaultValue kIntraHops{"network.intra_hops", 1, "hops", "MODELS.md §G: one NVSwitch hop inside a node"};
const DefaultValue kGpusPerNode{"cluster.gpus_per_node", 8, "GPUs",
                                "MODELS.md §G: a DGX/HGX node (8 GPUs); min(N, 8) for devices without a scale-up link"};
const DefaultValue kPrefixHitRatio{"serving.prefix_hit_ratio", 0, "fraction of prompt tokens", "MODELS.md §E"};
const DefaultValue kSpecGamma{"serving.speculative.gamma", 4, "draft tokens per verification",
                              "MODELS.md §E: upstream γ = 4 (Leviathan et al. 2023)"};
const DefaultValue kSpecAcceptance{"serving.speculative.acceptance_rate", 0.7, "probability",
                                   "MODELS.md §E: upstream α = 0.7"};
const DefaultValue kDraftCostRatio{"serving.speculative.draft_cost_ratio", 0.1, "fraction of t_dec",
                                   "MODELS.md §E: ≈ weight-size ratio of an 8B draft for a 70B target"};
const DefaultValue kZeroStage{"cluster.zero", 1, "stage 0–3", "MODELS.md §H: ZeRO-1 (sharded optimizer state)"};
const DefaultValue kGradBytes{"training.grad_bytes", 2, "B per parameter",
                              "MODELS.md §D.2: 16-bit gradients (4 for fp32/tf32); ZeRO paper 16 B/param total (MEM-01)"};
const DefaultValue kLogitBytes{"training.logit_bytes", 4, "B per element", "MODELS.md §D.2: fp32 logits for the loss"};
const DefaultText kOptimizer{"training.optimizer", "adamw", "MODELS.md §D"};
const DefaultText kRecompute{"cluster.recompute", "selective", "MODELS.md §H: Megatron selective recompute"};
const DefaultText kQuantBaseline{"quant.baseline", "bf16", "MODELS.md §F: ratios against bf16, never implicitly fp32"};

}  // namespace mlsysim::defaults

namespace mlsysim {

const std::vector<const DefaultValue*>& all_defaults() {
  using namespace defaults;
  static const std::vector<const DefaultValue*> all = {
      &kComputeEfficiency, &kLowPrecisionFactor, &kAttentionEfficiency, &kMemoryEfficiency, &kLayerOverhead,
      &kStepOverhead,      &kDequantOverhead,    &kMoeImbalance,        &kUsableFraction,   &kReserveBytes,
      &kMaxBatchedTokens,  &kPageTokens,         &kRequestOverhead,     &kBatchInference,   &kSeqLen,
      &kOutputLen,         &kBatchServing,       &kBatchTraining,       &kNetworkEfficiency, &kScaleUpLatency,
      &kHopLatency,        &kIntraHops,          &kGpusPerNode,         &kPrefixHitRatio,   &kSpecGamma,
      &kSpecAcceptance,    &kDraftCostRatio,     &kZeroStage,           &kGradBytes,        &kLogitBytes};
  return all;
}

}  // namespace mlsysim

// Issue 3/6 — the fleet model (MODELS.md §G, §H, §I).
namespace mlsysim::defaults {

const DefaultText kFabric{"cluster.fabric", "InfiniBand_NDR",
                          "MODELS.md §G: 400 Gb/s per GPU, typical DGX H100 (catalogs/fabrics.json)"};
const DefaultValue kExtraInterHops{"network.extra_inter_hops", 0, "hops",
                                   "MODELS.md §G: tiers beyond the 3-hop path already inside the fabric α"};
const DefaultValue kDpOverlap{"efficiency.dp_overlap", 0.80, "fraction",
                              "MODELS.md §C.1: DP gradient sync hidden behind backward (upstream 0.85 from Megatron)"};
const DefaultValue kTpOverlap{"efficiency.tp_overlap", 0.0, "fraction",
                              "MODELS.md §C.1: Megatron TP collectives sit on the critical path unless TP-comm overlap is on"};
const DefaultValue kCpOverlap{"efficiency.cp_overlap", 0.8, "fraction",
                              "MODELS.md §C.1: ring-attention KV exchange overlapped with block compute"};
const DefaultValue kTokensPerParam{"training.tokens", 20, "tokens per active parameter",
                                   "MODELS.md §H: compute-optimal ratio (Hoffmann et al. 2022)"};
const DefaultValue kTrainingSamples{"training.samples", 1.153e8, "samples",
                                    "MODELS.md §H: 90 epochs of the 1 281 167 ImageNet-1k images (He et al. 2016); "
                                    "ROUGH PRIOR for other datasets"};
const DefaultValue kSearchTopK{"training.search_top_k", 10, "configurations", "MODELS.md §H.6"};
const DefaultValue kSearchMaxCandidates{"training.search", 200000, "candidates",
                                        "MODELS.md §H.6: evaluate the first 200 000 in enumeration order"};
const DefaultValue kGpuMtbf{"reliability.gpu_mtbf_h", 80000, "h per GPU",
                            "MODELS.md §I: 268 GPU-attributed interruptions / 21.2 M GPU-h, Llama 3 405B pre-training "
                            "census (REL-01, Dubey et al. 2024)"};
const DefaultValue kNicMtbf{"reliability.nic_mtbf_h", 3.0e6, "h per NIC",
                            "MODELS.md §I: 7 NIC events / 16 384 NICs over 54 days (REL-01)"};
const DefaultValue kLinkSwitchMtbf{"reliability.link_switch_mtbf_h", 75000, "h per node",
                                   "MODELS.md §I: 35 switch/cable events / 2.65 M node-h (REL-01)"};
const DefaultValue kHostMtbf{"reliability.host_mtbf_h", 55300, "h per node",
                             "MODELS.md §I: 48 host events (maintenance, SSD, PSU, CPU, DRAM, chassis, IO board, "
                             "dependencies) / 2.65 M node-h (REL-01)"};
const DefaultValue kSoftwareMtbf{"reliability.software_mtbf_h", 43500, "h per node",
                                 "MODELS.md §I: 61 software/NCCL-watchdog events / 2.65 M node-h (REL-01)"};
const DefaultValue kStorageBwPerNode{"reliability.storage_bw_per_node_Bps", 1.0e9, "B/s per node",
                                     "MODELS.md §I: Llama 3 storage, 2 TB/s sustained for 2 048 nodes (REL-03)"};
const DefaultValue kRestart{"reliability.restart_s", 420, "s",
                            "MODELS.md §I: detect 60 + reschedule 60 + restart 180 + warm-up 120 (catalog recovery profile)"};

}  // namespace mlsysim::defaults

namespace mlsysim {

const std::vector<const DefaultValue*>& fleet_defaults() {
  using namespace defaults;
  static const std::vector<const DefaultValue*> all = {
      &kExtraInterHops, &kDpOverlap,  &kTpOverlap,     &kCpOverlap, &kTokensPerParam,  &kTrainingSamples,
      &kSearchTopK,     &kGpuMtbf,    &kNicMtbf,       &kLinkSwitchMtbf, &kHostMtbf,   &kSoftwareMtbf,
      &kStorageBwPerNode, &kRestart};
  return all;
}

}  // namespace mlsysim
