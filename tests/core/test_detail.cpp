// Scenario field "detail" (README "Result detail"): "summary" is the full result minus a fixed list of
// bulky parts — every other key and value, warnings and errors included, is the same.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using nlohmann::json;

namespace {

// The contract, spelled here independently of report.cpp: "*" is any key.
const std::vector<std::vector<std::string>> kOmitted = {
    {"explain"},          {"performance", "operators"}, {"performance", "phases", "*", "operators"},
    {"performance", "phases", "*", "operators_scope"},   {"performance", "sweep"},
    {"energy", "regions"}, {"cost", "breakdown"},        {"queueing", "curve"},
    {"reliability", "goodput_curve"},                    {"training", "network", "groups"},
    {"training", "search"}};

// Removes path[at..] from j; counts the removals.
int remove_path(json& j, const std::vector<std::string>& path, size_t at = 0) {
  if (!j.is_object()) return 0;
  if (path[at] == "*") {
    int n = 0;
    for (auto& [key, child] : j.items()) n += remove_path(child, path, at + 1);
    return n;
  }
  if (!j.contains(path[at])) return 0;
  if (at + 1 == path.size()) return static_cast<int>(j.erase(path[at]));
  return remove_path(j[path[at]], path, at + 1);
}

// Every key of sub is in super with the same value (arrays and scalars equal).
void check_subset(const json& sub, const json& super, const std::string& path) {
  CAPTURE(path);
  if (sub.is_object()) {
    REQUIRE(super.is_object());
    for (auto it = sub.begin(); it != sub.end(); ++it) {
      const std::string child = path + "." + it.key();
      REQUIRE_MESSAGE(super.contains(it.key()), child);
      check_subset(it.value(), super[it.key()], child);
    }
  } else {
    CHECK(sub == super);
  }
}

json with_detail(json scenario, const char* detail) {
  scenario["detail"] = detail;
  return scenario;
}

std::vector<json> scenarios() {
  std::vector<json> out;
  for (const auto& entry : std::filesystem::directory_iterator(MLSYSIM_SOURCE_DIR "/tests/fixtures"))
    if (entry.path().extension() == ".json") {
      std::ifstream in(entry.path());
      out.push_back(json::parse(in).at("scenario"));
    }
  // The layout search table appears only when asked for.
  out.push_back({{"model", "Llama3_70B"}, {"hardware", "H100"}, {"mode", "training"}, {"precision", "bf16"},
                 {"batch_size", 256}, {"seq_len", 4096}, {"cluster", {{"gpus", 64}}},
                 {"training", {{"search", true}, {"search_top_k", 3}}}});
  return out;
}

}  // namespace

TEST_CASE("detail 'summary' is the full result minus exactly the listed parts, for every fixture") {
  std::vector<int> seen(kOmitted.size(), 0);
  for (const json& scenario : scenarios()) {
    CAPTURE(scenario.dump());
    const json full = mlsysim::solve(scenario);
    const json summary = mlsysim::solve(with_detail(scenario, "summary"));
    CHECK(mlsysim::solve(with_detail(scenario, "full")) == full);  // "full" is the default
    check_subset(summary, full, "result");
    json expected = full;
    for (size_t i = 0; i < kOmitted.size(); ++i) seen[i] += remove_path(expected, kOmitted[i]);
    CHECK(summary == expected);
    if (full.value("ok", false)) CHECK(summary["warnings"] == full["warnings"]);
  }
  // Each listed part occurs in some full result: a rule that stopped matching would show here.
  for (size_t i = 0; i < kOmitted.size(); ++i) CHECK_MESSAGE(seen[i] > 0, json(kOmitted[i]).dump());
}

TEST_CASE("a summary is much smaller than the full result") {
  const json s = {{"model", "Llama3_70B"}, {"hardware", "H100"}, {"batch_size", 32}};
  const std::string full = mlsysim::solve_text(s.dump());
  const std::string summary = mlsysim::solve_text(with_detail(s, "summary").dump());
  CHECK(summary.size() * 3 < full.size());
}

TEST_CASE("detail must be 'full' or 'summary'") {
  const json base = {{"model", "ResNet50"}, {"hardware", "A100"}};
  json e = solve_error(with_detail(base, "brief"));
  CHECK(e["path"] == "detail");
  CHECK(e["message"] == "must be one of full, summary (got 'brief')");
  json bad = base;
  bad["detail"] = 1;
  e = solve_error(bad);
  CHECK(e["path"] == "detail");
  CHECK(e["message"] == "must be a string (got '1')");
  // Sweeps validate it too, though their output has a single shape.
  const json sweep = mlsysim::sweep(with_detail(base, "everything"), "batch_size", {1, 2});
  CHECK(sweep["error"]["path"] == "detail");
  CHECK(mlsysim::sweep(with_detail(base, "summary"), "batch_size", {1, 2})["ok"] == true);
  // No UNKNOWN_FIELD warning for the field itself.
  CHECK(!has_warning(solve_ok(with_detail(base, "summary")), "UNKNOWN_FIELD"));
}
