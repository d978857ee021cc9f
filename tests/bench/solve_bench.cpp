// Native solve() timing: prints one JSON object {scenario name: median seconds} for bench.mjs.
// A benchmark that prints figures; it asserts nothing about time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "mlsysim/report.hpp"

#include "scenarios.hpp"

int main() {
  std::string out = "{";
  for (const auto& [name, text] : mlsysim::bench::kScenarios) {
    mlsysim::solve_text(text);  // warm: the catalog is parsed once
    std::vector<double> samples;
    for (int i = 0; i < 2000; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::string r = mlsysim::solve_text(text);
      const auto t1 = std::chrono::steady_clock::now();
      if (r.find("\"ok\":true") == std::string::npos) {
        std::fprintf(stderr, "%s failed: %s\n", name, r.c_str());
        return 1;
      }
      samples.push_back(std::chrono::duration<double>(t1 - t0).count());
    }
    std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s\"%s\":%.9g", out.size() > 1 ? "," : "", name, samples[samples.size() / 2]);
    out += buf;
  }
  std::printf("%s}\n", out.c_str());
  return 0;
}
