// Uncertainty bands and accuracy classes (MODELS.md §M). The scenario is evaluated at two corners of
// the documented parameter ranges (default_ranges.hpp) — pessimistic (efficiencies and overlaps low,
// overheads, imbalance and dequantization cost high) and optimistic — holding fixed every parameter
// the scenario sets itself; each banded output gets [min, max] over nominal and corners. The corners
// run the solvers only (no JSON, no sweep, no per-layer rows).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "mlsysim/scenario.hpp"

namespace mlsysim {

class JsonWriter;
struct InferenceResult;
struct SiteResults;
struct TrainingSolution;

// One §M parameter of a parsed scenario, read or written by its path (default_ranges.hpp). Writing
// efficiency.network rescales the links that carry it (β = β_peak·η_n).
double parameter_value(const Scenario& s, std::string_view path);
void set_parameter(Scenario& s, std::string_view path, double value);
bool is_explicit(const Scenario& s, std::string_view path);

enum class Corner { kPessimistic, kOptimistic };
// The scenario with every range parameter it does not set at the corner's end of its range (the
// range widened to hold the current value, so a default outside its documented band still lies
// inside the band it produces).
Scenario corner_scenario(const Scenario& s, Corner corner);

struct Band {
  const char* path;
  int direction;  // +1: larger at the pessimistic corner (times, counts), −1: smaller (rates, MFU), 0: either
  double nominal;
  std::optional<double> pessimistic, optimistic;  // empty: that corner has no solution (null)
  double low;                  // min over the finite values
  std::optional<double> high;  // max over the values; empty when a corner has no solution
};

// The bands of the outputs present in a solved result (nominal = the values the result reports).
std::vector<Band> compute_bands(const Scenario& s, const InferenceResult& r, const SiteResults* site);
std::vector<Band> compute_bands(const Scenario& s, const TrainingSolution& sol, const SiteResults& site);

// Writes "bands", "accuracy" and (when the scenario asks for one) "calibration" into the open result object.
void write_uncertainty(JsonWriter& w, const Scenario& s, const InferenceResult& r, const SiteResults* site);
void write_uncertainty(JsonWriter& w, const Scenario& s, const TrainingSolution& sol, const SiteResults& site);

}  // namespace mlsysim
