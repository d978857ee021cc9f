// solve() timing, natively (mlsysim_bench) or as wasm under node (mlsysim_bench_node, see
// CMakeLists.txt): prints one JSON object {scenario name: {full, summary, bytes_full, bytes_summary,
// phases: {parse_json, parse_scenario, physics, write}}} with median seconds, for bench.mjs.
// The phases are timed one by one on the same scenario; "write" is the full solve minus the other
// three (it also holds solve_text's own glue). A benchmark that prints figures; it asserts nothing.
//   mlsysim_bench [ITERATIONS]   (default 2000; a small count is for profilers such as callgrind)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mlsysim/catalog.hpp"
#include "mlsysim/inference.hpp"
#include "mlsysim/report.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/serving.hpp"
#include "mlsysim/site_report.hpp"

#include "scenarios.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double median_seconds(int iterations, F&& body) {
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const auto t0 = Clock::now();
    body();
    samples.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
  return samples[samples.size() / 2];
}

std::string with_detail(const std::string& scenario, const char* detail) {
  return scenario.substr(0, scenario.size() - 1) + ",\"detail\":\"" + detail + "\"}";
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  std::string out = "{";
  size_t sink = 0;  // keeps the timed results alive
  for (const auto& [name, text] : mlsysim::bench::kScenarios) {
    const std::string full = text, summary = with_detail(text, "summary");
    size_t bytes[2] = {0, 0};
    double times[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const std::string& scenario = k == 0 ? full : summary;
      const std::string first = mlsysim::solve_text(scenario);  // warm: the catalog is parsed once
      if (first.find("\"ok\":true") == std::string::npos) {
        std::fprintf(stderr, "%s failed: %s\n", name, first.c_str());
        return 1;
      }
      bytes[k] = first.size();
      times[k] = median_seconds(iterations, [&] { mlsysim::solve_text(scenario); });
    }
    // Phases of the full solve (inference and serving scenarios: the bench's kind).
    const nlohmann::json parsed = nlohmann::json::parse(full);
    const mlsysim::Catalog& catalog = mlsysim::Catalog::builtin();
    const double t_json = median_seconds(iterations, [&] { sink += nlohmann::json::parse(full).size(); });
    const double t_scenario =
        median_seconds(iterations, [&] { sink += mlsysim::parse_scenario(parsed, catalog).warnings.size(); });
    const mlsysim::Scenario base = mlsysim::parse_scenario(parsed, catalog);
    const double t_physics_and_copy = median_seconds(iterations, [&] {
      mlsysim::Scenario s = base;
      mlsysim::InferenceResult r = s.mode == "serving" ? mlsysim::solve_serving(s) : mlsysim::solve_inference(s);
      sink += mlsysim::solve_site(s, r).gpus > 0;
    });
    const double t_copy = median_seconds(iterations, [&] { sink += mlsysim::Scenario(base).warnings.size(); });
    const double t_physics = std::max(0.0, t_physics_and_copy - t_copy);
    const double t_write = std::max(0.0, times[0] - t_json - t_scenario - t_physics);
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s\"%s\":{\"full\":%.9g,\"summary\":%.9g,\"bytes_full\":%zu,\"bytes_summary\":%zu,"
                  "\"phases\":{\"parse_json\":%.9g,\"parse_scenario\":%.9g,\"physics\":%.9g,\"write\":%.9g}}",
                  out.size() > 1 ? "," : "", name, times[0], times[1], bytes[0], bytes[1], t_json, t_scenario,
                  t_physics, t_write);
    out += buf;
  }
  std::printf("%s}\n", out.c_str());
  if (sink == 42) std::fprintf(stderr, " \n");
  return 0;
}
