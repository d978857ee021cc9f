// Shared helpers of the core tests: solve a scenario given as JSON and read numbers back.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "mlsysim/report.hpp"

inline nlohmann::json solve_ok(const nlohmann::json& scenario) {
  nlohmann::json r = mlsysim::solve(scenario);
  if (!r.value("ok", false)) throw std::runtime_error("expected ok, got " + r.dump());
  return r;
}

inline nlohmann::json solve_error(const nlohmann::json& scenario) {
  nlohmann::json r = mlsysim::solve(scenario);
  if (r.value("ok", true)) throw std::runtime_error("expected an error for " + scenario.dump());
  return r["error"];
}

inline bool has_warning(const nlohmann::json& r, const std::string& code) {
  for (const auto& w : r["warnings"])
    if (w.get<std::string>().rfind(code + ":", 0) == 0) return true;
  return false;
}
