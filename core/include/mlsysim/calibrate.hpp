// Calibration from one measurement of the user's own (issue 6/6): the scenario block
//   "calibration": {"metric": "serving.tokens_per_s", "measured": 1650, "parameter": "efficiency.memory"}
// (`parameter` optional) names a headline output and its measured value; the engine fits the §M
// parameter that governs that output in this scenario — efficiency.memory when it is memory-bound,
// efficiency.compute when compute-bound, efficiency.network when communication-bound, the largest
// fixed overhead (τ_L, τ_S or request overhead) when overheads exceed half of it — by bisection over
// the parameter's domain, then solves the scenario with the fitted value (held fixed by the bands).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlsysim/scenario.hpp"

namespace mlsysim {

class JsonWriter;

// The outputs a measurement may name, and the parameters calibration can fit.
const std::vector<std::string>& calibration_metrics();
const std::vector<std::string>& calibration_parameters();

// Reads the `calibration` block of a parsed scenario (errors at calibration.*; unknown keys warn).
CalibrationRequest parse_calibration(const nlohmann::json& block, Scenario& s);

// Fits the parameter and writes it into s (no-op without a request). A measurement the model cannot
// reach inside the parameter's domain leaves s as it was and adds warning CALIBRATION_UNREACHABLE.
void apply_calibration(Scenario& s);

// The "calibration" result block.
void write_calibration(JsonWriter& w, const CalibrationRequest& c);

// For sweeps, which vary the scenario: the measurement belongs to the scenario as given, so it is
// fitted once there and the sweep carries the fitted parameter instead (`calibration` removed, the
// parameter set explicitly; unchanged when unreachable). A scenario without calibration is returned as is.
nlohmann::json fitted_scenario(const nlohmann::json& scenario);

}  // namespace mlsysim
