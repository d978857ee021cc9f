// The documented low/high range of every parameter the uncertainty bands move (MODELS.md §M), in
// one place: keyed by the path of the default it brackets (defaults.cpp), with unit and source.
#pragma once
#include <string_view>
#include <vector>

namespace mlsysim {

struct DefaultRange {
  const char* path;      // scenario path, as in DefaultValue::path ("efficiency.compute")
  double low, high;      // absolute bounds, or multipliers of the resolved value when `relative`
  bool relative;         // τ_S: ×0.5–×2 of the device's dispatch_tax (or of the default)
  bool slower_when_high; // true for overheads and imbalance: the pessimistic corner takes `high`
  const char* unit;
  const char* source;    // where the range is documented
};

// Every range, in the order of MODELS.md §C.1 (then §E).
const std::vector<DefaultRange>& default_ranges();

// The range of `path`, or nullptr.
const DefaultRange* find_default_range(std::string_view path);

}  // namespace mlsysim
