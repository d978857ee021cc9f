#include "mlsysim/precision_plan.hpp"

#include <optional>

#include "mlsysim/error.hpp"

namespace mlsysim {

namespace {

// The §A lookup chain for one precision; the catalog's peak_flops answers when it denotes that class.
std::optional<std::pair<double, std::string>> lookup(const Device& d, const PrecisionInfo& p) {
  for (const auto& key : p.chain) {
    auto it = d.precision_flops.find(key);
    if (it != d.precision_flops.end()) return std::make_pair(it->second, "precision_flops." + key);
  }
  if (d.peak_flops > 0) {
    for (const auto& key : p.chain)
      if (d.peak_precision == key) return std::make_pair(d.peak_flops, std::string("peak_flops"));
    // bf16 and fp16 share the 16-bit tensor peak (§A table).
    if (p.compute_bits == 16 && (d.peak_precision == "fp16" || d.peak_precision == "bf16"))
      return std::make_pair(d.peak_flops, std::string("peak_flops"));
  }
  return std::nullopt;
}

const PrecisionInfo& info(const char* name) { return find_precision(name, "precision"); }

std::optional<std::pair<double, std::string>> sixteen_bit(const Device& d) {
  if (auto r = lookup(d, info("fp16"))) return r;
  return lookup(d, info("bf16"));
}

std::string available(const Device& d) {
  std::string out;
  for (const auto& p : runnable_precisions(d)) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "none" : out;
}

double storage_bytes(const std::string& name) {
  // §F: 4-bit formats carry block scales: int4 0.5 + 4/128, fp4 0.5 + 1/16.
  if (name == "int4") return 0.5 + 4.0 / 128.0;
  if (name == "fp4") return 0.5 + 1.0 / 16.0;
  return find_precision(name, "precision").bytes;
}

// The plan, or nullopt when the device has no rate the precision can run on (no exceptions:
// the catalog listing asks this for every device and precision).
std::optional<PrecisionPlan> resolve(const Device& d, const PrecisionInfo& p, const std::string& path,
                                     std::vector<std::string>& warnings) {
  PrecisionPlan plan;
  plan.weights = p.name;
  plan.b_w = storage_bytes(p.name);
  plan.b_a = p.compute_bits == 32 ? 4 : 2;  // 8/4-bit activations still move at 2 B (§A)
  plan.b_kv = plan.b_a;
  plan.b_e = std::max(2.0, plan.b_a);
  plan.activations = p.compute_bits == 32 ? p.name : (p.compute_bits == 16 ? p.name : "bf16");
  plan.kv = p.compute_bits == 32 ? p.name : "bf16";
  auto sixteen = sixteen_bit(d);
  plan.peak16 = sixteen ? sixteen->first : 0;

  auto use = [&](const std::pair<double, std::string>& r, const std::string& compute) {
    plan.peak = r.first;
    plan.peak_key = r.second;
    plan.compute = compute;
  };
  if (p.name == "int4") {
    // W4A16 by default (§A): 4-bit weights, 16-bit GEMMs.
    if (!sixteen) return std::nullopt;
    use(*sixteen, "fp16");
    plan.weight_only = true;
  } else if (auto direct = lookup(d, p)) {
    use(*direct, p.name);
    if (p.compute_bits <= 8) plan.activations = p.name;
  } else if (p.name == "tf32") {
    auto fp32 = lookup(d, info("fp32"));
    if (!fp32) return std::nullopt;
    use(*fp32, "fp32");
    warnings.push_back("PRECISION_FALLBACK: " + d.name + " has no tf32 peak; modeled with the fp32 rate");
  } else if (p.compute_bits <= 8) {
    // Weight-only fallback: store narrow, compute at the next wider precision the device has.
    std::optional<std::pair<double, std::string>> wider;
    std::string wider_name;
    if (p.compute_bits == 4) {
      if ((wider = lookup(d, info("fp8")))) wider_name = "fp8";
    }
    if (!wider && sixteen) { wider = sixteen; wider_name = "fp16"; }
    if (!wider) {
      if ((wider = lookup(d, info("fp32")))) wider_name = "fp32";
    }
    if (!wider) return std::nullopt;
    use(*wider, wider_name);
    plan.weight_only = true;
    warnings.push_back("PRECISION_FALLBACK: " + d.name + " has no " + p.name + " peak; modeled as " + p.name +
                       " weight-only storage with " + wider_name + " compute");
  } else {
    return std::nullopt;
  }
  const PrecisionInfo& compute = find_precision(plan.compute, path);
  plan.low_precision_gemm = compute.compute_bits <= 8;
  plan.attention_peak = compute.compute_bits == 32 ? plan.peak : (plan.peak16 > 0 ? plan.peak16 : plan.peak);
  if (compute.compute_bits == 32) {
    plan.b_a = 4;
    plan.b_kv = 4;
    plan.b_e = 4;
  }
  return plan;
}

}  // namespace

PrecisionPlan resolve_precision(const Device& d, const PrecisionInfo& p, const std::string& path,
                                std::vector<std::string>& warnings) {
  if (auto plan = resolve(d, p, path, warnings)) return *plan;
  throw InputError(path, "hardware '" + d.name + "' lists no " + p.name + " peak; add precision_flops." + p.name +
                             " or choose another precision (available: " + available(d) + ")");
}

std::vector<std::string> runnable_precisions(const Device& d) {
  std::vector<std::string> out;
  for (const auto& p : precisions()) {
    std::vector<std::string> ignored;
    if (resolve(d, p, "precision", ignored)) out.push_back(p.name);
  }
  return out;
}

}  // namespace mlsysim
