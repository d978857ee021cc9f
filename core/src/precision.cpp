#include "mlsysim/precision.hpp"

#include "mlsysim/error.hpp"
#include "mlsysim/text.hpp"

namespace mlsysim {

const std::vector<PrecisionInfo>& precisions() {
  // MODELS.md §A. fp4/int4 storage is 0.5 B before the block scales of §F.
  static const std::vector<PrecisionInfo> table = {
      {"fp32", 4, 32, {"fp32", "fp32_cuda"}},
      {"tf32", 4, 32, {"tf32"}},
      {"bf16", 2, 16, {"bf16", "fp16"}},
      {"fp16", 2, 16, {"fp16", "bf16"}},
      {"fp8", 1, 8, {"fp8"}},
      {"int8", 1, 8, {"int8"}},
      {"fp4", 0.5, 4, {"fp4"}},
      {"int4", 0.5, 4, {"int4"}},
  };
  return table;
}

std::string precision_names() {
  std::string out;
  for (const auto& p : precisions()) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

const PrecisionInfo& find_precision(std::string_view name, const std::string& path) {
  const std::string lower = to_lower(name);
  for (const auto& p : precisions())
    if (p.name == lower) return p;
  throw InputError(path, "unknown precision '" + clip(name) + "'; expected one of " +
                             precision_names());
}

}  // namespace mlsysim
