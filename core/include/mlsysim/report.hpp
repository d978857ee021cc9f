// The JSON boundary: scenario text in, Result JSON text out (DESIGN.md §3). Never throws.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlsysim {

// Result JSON for a scenario; bad input gives {"schema":1,"ok":false,"error":{path,message}}.
nlohmann::json solve(const nlohmann::json& scenario);
std::string solve_text(const std::string& scenario_json);

// The catalog as the page and CLI list it: hardware, models, regions, precisions.
nlohmann::json catalog_summary();
std::string catalog_text();

// Solves the scenario once per value of `field` (batch_size, seq_len, output_len or an
// efficiency.* path): {"ok":true,"field","values","latency_s","throughput_per_s",
// "arithmetic_intensity","compute_bound","fits"} or the error JSON of the first bad point.
nlohmann::json sweep(const nlohmann::json& scenario, const std::string& field, const std::vector<double>& values);
std::string sweep_text(const std::string& scenario_json, const std::string& field, const std::vector<double>& values);

}  // namespace mlsysim
