#include "mlsysim/quantization.hpp"

#include <algorithm>

#include "mlsysim/error.hpp"
#include "mlsysim/json_fields.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

using nlohmann::json;

namespace {

const std::vector<std::string> kWeightFormats = {"fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4"};
const std::vector<std::string> kKvFormats = {"bf16", "fp16", "fp8", "int8", "fp4", "int4"};

std::string read_format(const json& blk, const char* key, const std::vector<std::string>& allowed,
                        const std::string& fallback) {
  const json* v = field(blk, key);
  if (!v) return fallback;
  const std::string path = std::string("quant.") + key;
  const std::string f = to_lower(read_string(*v, path));
  if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
    throw InputError(path, "must be one of " + join(allowed, ", ") + " (got '" + v->get<std::string>() + "')");
  return f;
}

// §F defaults from `precision`: weights fp32/tf32 → fp32, else the precision; activations = the
// precision for 16/32-bit, fp8, int8, fp4 and bf16 for int4 (W4A16); kv = the b_a format.
std::string default_weights(const PrecisionInfo& p) { return p.compute_bits == 32 ? "fp32" : p.name; }
std::string default_activations(const PrecisionInfo& p) {
  if (p.compute_bits == 32) return "fp32";
  return p.name == "int4" ? "bf16" : p.name;
}

}  // namespace

int format_bits(const std::string& f) {
  if (f == "fp32" || f == "tf32") return 32;
  if (f == "bf16" || f == "fp16") return 16;
  if (f == "fp8" || f == "int8") return 8;
  return 4;
}

double default_group_size(const std::string& f) { return f == "int4" ? 128 : f == "fp4" ? 16 : 0; }
double default_scale_bytes(const std::string& f) { return f == "int4" ? 4 : f == "fp4" ? 1 : 0; }

double format_bytes(const std::string& f, double group_size, double scale_bytes) {
  const double base = format_bits(f) / 8.0;
  return group_size > 0 ? base + scale_bytes / group_size : base;
}

QuantSpec parse_quant(const json& blk, const PrecisionInfo& precision) {
  QuantSpec q;
  q.given = !blk.empty();
  q.formats_given = field(blk, "weights") || field(blk, "activations");
  q.weights = read_format(blk, "weights", kWeightFormats, default_weights(precision));
  q.activations = read_format(blk, "activations", kWeightFormats, default_activations(precision));
  const int wb = format_bits(q.weights), ab = format_bits(q.activations);
  if (ab < wb && ab <= 8)
    throw InputError("quant.activations", "activations narrower than weights are not modeled (weights " + q.weights +
                                              ", activations " + q.activations + ")");
  const std::string b_a_format = ab == 32 ? "fp32" : "bf16";
  q.kv = read_format(blk, "kv", kKvFormats, b_a_format == "fp32" ? "" : b_a_format);
  q.baseline = read_format(blk, "baseline", kWeightFormats, "bf16");
  q.group_size = default_group_size(q.weights);
  if (const json* g = field(blk, "group_size")) q.group_size = static_cast<double>(read_count(*g, "quant.group_size"));
  q.scale_bytes = default_scale_bytes(q.weights);
  if (const json* sb = field(blk, "scale_bytes")) {
    q.scale_bytes = read_number(*sb, "quant.scale_bytes");
    if (q.scale_bytes < 0 || q.scale_bytes > 64)
      throw InputError("quant.scale_bytes", "must be in [0, 64] (got " + format_number(q.scale_bytes) + ")");
  }
  if (const json* lm = field(blk, "quantize_lm_head")) q.quantize_lm_head = read_bool(*lm, "quant.quantize_lm_head");
  return q;
}

PrecisionPlan resolve_plan(const Device& device, const PrecisionInfo& precision, const QuantSpec& q,
                           std::vector<std::string>& warnings) {
  PrecisionPlan plan;
  if (!q.formats_given) {
    plan = resolve_precision(device, precision, "precision", warnings);
  } else {
    // Compute at the wider of weights and activations (ties: the activation format), §F.
    const int wb = format_bits(q.weights), ab = format_bits(q.activations);
    const std::string wider = ab >= wb ? q.activations : q.weights;
    plan = resolve_precision(device, find_precision(wider, "precision"), "precision", warnings);
    if (wider == "int4") {  // W4A4 runs on an int4 peak when the device has one (§A)
      auto it = device.precision_flops.find("int4");
      if (it != device.precision_flops.end()) {
        plan.peak = it->second;
        plan.peak_key = "precision_flops.int4";
        plan.compute = "int4";
        plan.low_precision_gemm = true;
      }
    }
    plan.weights = q.weights;
    plan.activations = q.activations;
    plan.weight_only = format_bits(q.weights) < format_bits(plan.compute);
  }
  if (q.given) {
    plan.b_w = format_bytes(plan.weights, q.group_size, q.scale_bytes);
    if (!q.kv.empty()) {
      plan.kv = q.kv;
      plan.b_kv = format_bytes(q.kv, default_group_size(q.kv), default_scale_bytes(q.kv));
    }
    if (q.quantize_lm_head) plan.b_e = plan.b_w;
  }
  return plan;
}

AccuracyPrior accuracy_prior(const PrecisionPlan& plan, bool cnn) {
  AccuracyPrior a;
  auto row = [&](double lo, double hi, const char* name, const char* source) {
    a.low_pts += lo;
    a.high_pts += hi;
    a.rows.push_back(name);
    a.sources.push_back(source);
  };
  const int wb = format_bits(plan.weights), cb = format_bits(plan.compute);
  const bool w8a8 = wb == 8 && cb == 8;
  if (plan.weights == "fp8") {
    row(0, 0.5, "fp8 W8A8 (E4M3, per-tensor/channel scales)",
        "Micikevicius et al. 2022 (FP8 formats); NVIDIA/vLLM FP8 evaluations");
  } else if (plan.weights == "int8" && !w8a8) {
    row(0, 0.3, "int8 weight-only", "Dettmers et al. 2022 (LLM.int8())");
  } else if (plan.weights == "int8") {
    if (cnn) row(0.5, 1.5, "int8 W8A8 (CNN PTQ, top-1)", "Krishnamoorthi 2018; Wu et al. 2020");
    else row(0, 1, "int8 W8A8 (LLM with SmoothQuant)", "Xiao et al. 2023 (SmoothQuant)");
  } else if (plan.weights == "int4" && cb == 4) {
    row(1, 5, "int4 W4A4 (1–3 with rotations, > 5 without)", "Ashkboos et al. 2024 (QuaRot)");
  } else if (plan.weights == "int4") {
    row(0.5, 3, "int4 weight-only, g128", "Frantar et al. 2023 (GPTQ); Lin et al. 2024 (AWQ)");
  } else if (plan.weights == "fp4") {
    row(1, 5, "fp4 W4A4 (NVFP4/MXFP4), PTQ; less with QAT", "Rouhani et al. 2023 (MX formats)");
  }
  if (format_bits(plan.kv) == 8)
    row(0, 0.5, "KV fp8/int8", "vLLM/TensorRT-LLM KV-quantization evaluations");
  else if (format_bits(plan.kv) == 4)
    row(3, 15, "4-bit KV: no row of its own; the < 4-bit-weights survey range is the nearest prior",
        "survey range (Gholami et al. 2021)");
  return a;
}

}  // namespace mlsysim
