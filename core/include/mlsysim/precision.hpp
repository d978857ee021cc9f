// The precision table of MODELS.md §A: storage bytes, compute class, peak lookup chain.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

struct PrecisionInfo {
  std::string name;           // "fp16"
  double bytes;               // storage bytes per element before block scales
  int compute_bits;           // 32, 16, 8 or 4: the class of its GEMMs
  std::vector<std::string> chain;  // keys of precision_flops tried in order (§A table)
};

// The eight precisions, in the order MODELS.md §A lists them.
const std::vector<PrecisionInfo>& precisions();
std::string precision_names();  // "fp32, tf32, bf16, fp16, fp8, int8, fp4, int4"

// Case-insensitive lookup; throws InputError at `path` naming the valid set.
const PrecisionInfo& find_precision(std::string_view name, const std::string& path);

}  // namespace mlsysim
