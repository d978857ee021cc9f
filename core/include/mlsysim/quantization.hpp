// Quantization of MODELS.md §F: the `quant` block, bytes per element with block scales, the
// precision plan it implies, and the labelled accuracy prior (a prior from literature, never a
// prediction: it feeds no other number).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/catalog.hpp"
#include "mlsysim/precision.hpp"
#include "mlsysim/precision_plan.hpp"

namespace mlsysim {

struct QuantSpec {
  bool given = false;                // a `quant` block is present
  bool formats_given = false;        // quant.weights or quant.activations present
  std::string weights, activations, kv, baseline = "bf16";
  double group_size = 0;             // g_q in elements; 0 = per-channel (∞)
  double scale_bytes = 0;            // s_q, B per group
  bool quantize_lm_head = false;
};

// Bits of a format name (fp32 32, bf16/fp16 16, fp8/int8 8, fp4/int4 4).
int format_bits(const std::string& format);
// Default group size and scale bytes of a format (§F table: int4 g128 + 4 B, fp4 g16 + 1 B, else none).
double default_group_size(const std::string& format);
double default_scale_bytes(const std::string& format);
// b(format) = bits/8 + s_q/g_q  (int4 0.53125, fp4 0.5625 with the defaults).
double format_bytes(const std::string& format, double group_size, double scale_bytes);

// Parses and validates the block (paths quant.*); defaults follow `precision`.
QuantSpec parse_quant(const nlohmann::json& block, const PrecisionInfo& precision);

// The plan of §A with §F applied: compute at the wider of weights and activations (with §A's
// fallback), weights at b_w with scales, KV at b_kv, LM head at b_w only with quantize_lm_head.
PrecisionPlan resolve_plan(const Device& device, const PrecisionInfo& precision, const QuantSpec& q,
                           std::vector<std::string>& warnings);

struct AccuracyPrior {
  double low_pts = 0, high_pts = 0;
  std::vector<std::string> rows, sources;  // the §F table rows that apply
};
// Sum of the §F rows that apply to the plan (weights/activations row + KV row); CNNs use the CNN
// column of the int8 W8A8 row.
AccuracyPrior accuracy_prior(const PrecisionPlan& plan, bool cnn);
inline const char* kAccuracyPriorLabel = "rough prior from literature; not a prediction";

}  // namespace mlsysim
