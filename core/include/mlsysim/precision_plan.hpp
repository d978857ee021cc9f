// Which peak a run uses and how many bytes each tensor class takes (MODELS.md §A, §F).
#pragma once
#include <string>
#include <vector>

#include "mlsysim/catalog.hpp"
#include "mlsysim/precision.hpp"

namespace mlsysim {

struct PrecisionPlan {
  std::string weights, activations, kv, compute;  // precision names
  double b_w = 2, b_a = 2, b_kv = 2, b_e = 2;      // bytes per element (§0 notation)
  double peak = 0;       // Π(p_c), dense FLOP/s of the compute precision
  double peak16 = 0;     // Π16 (0 when the device has no 16-bit peak)
  double attention_peak = 0;  // Π_att: Π16, or the run's peak in fp32/tf32 runs
  bool weight_only = false;   // weights narrower than the compute precision: t_c ×(1+δ_dq)
  bool low_precision_gemm = false;  // p_c ≤ 8 bit: η_lp applies
  std::string peak_key;       // which catalog entry gave Π(p_c), for explain
};

// Resolves `precision` on `device`; errors at `path`, fallbacks as warnings "PRECISION_FALLBACK: …".
PrecisionPlan resolve_precision(const Device& device, const PrecisionInfo& precision, const std::string& path,
                                std::vector<std::string>& warnings);

// The precisions a device can run (directly or by a documented fallback), for catalog listings.
std::vector<std::string> runnable_precisions(const Device& device);

}  // namespace mlsysim
