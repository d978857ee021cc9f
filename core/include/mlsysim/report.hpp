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
// "arithmetic_intensity","compute_bound","fits"} (+ "ttft_s","itl_s","tokens_per_s" for decoders)
// or the error JSON of the first bad point. Shape fields reuse one parsed scenario.
nlohmann::json sweep(const nlohmann::json& scenario, const std::string& field, const std::vector<double>& values);
std::string sweep_text(const std::string& scenario_json, const std::string& field, const std::vector<double>& values);

// A 2-D grid over two of batch_size, seq_len, output_len (inference or serving), parsed once:
// {"ok":true,"field_x","field_y","layout","values_x","values_y", flat row-major arrays (index =
// i_x·len(values_y) + i_y) "latency_s","throughput_per_s","arithmetic_intensity","compute_bound",
// "fits" and, for decoders, "ttft_s","itl_s","tokens_per_s"}.
nlohmann::json sweep2d(const nlohmann::json& scenario, const std::string& field_x, const std::vector<double>& values_x,
                       const std::string& field_y, const std::vector<double>& values_y);
std::string sweep2d_text(const std::string& scenario_json, const std::string& field_x,
                         const std::vector<double>& values_x, const std::string& field_y,
                         const std::vector<double>& values_y);

}  // namespace mlsysim
