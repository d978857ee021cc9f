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

}  // namespace mlsysim::defaults

namespace mlsysim {

const std::vector<const DefaultValue*>& all_defaults() {
  using namespace defaults;
  static const std::vector<const DefaultValue*> all = {
      &kComputeEfficiency, &kLowPrecisionFactor, &kAttentionEfficiency, &kMemoryEfficiency, &kLayerOverhead,
      &kStepOverhead,      &kDequantOverhead,    &kMoeImbalance,        &kUsableFraction,   &kReserveBytes,
      &kMaxBatchedTokens,  &kPageTokens,         &kRequestOverhead,     &kBatchInference,   &kSeqLen,
      &kOutputLen};
  return all;
}

}  // namespace mlsysim
