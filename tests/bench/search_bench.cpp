// H.6 search timing: configurations evaluated per second for Llama-3.1-70B on 1024 H100
// (the page's target: ≤ 200 ms in wasm). Prints figures; asserts nothing about time.
#include <chrono>
#include <cstdio>

#include "mlsysim/catalog.hpp"
#include "mlsysim/report.hpp"
#include "mlsysim/scenario.hpp"
#include "mlsysim/training.hpp"

int main() {
  const char* cases[][2] = {
      {"Llama3_70B 1024xH100", R"({"model":"Llama3_70B","hardware":"H100","mode":"training","precision":"bf16",
          "batch_size":1024,"seq_len":8192,"cluster":{"gpus":1024},"training":{"search":true}})"},
      {"Mixtral_8x7B 256xH100", R"({"model":"Mixtral_8x7B","hardware":"H100","mode":"training","precision":"bf16",
          "batch_size":512,"seq_len":4096,"cluster":{"gpus":256},"training":{"search":true}})"}};
  for (const auto& c : cases) {
    const nlohmann::json j = nlohmann::json::parse(c[1]);
    mlsysim::Scenario s = mlsysim::parse_scenario(j, mlsysim::Catalog::builtin());
    double best = 1e9;
    mlsysim::SearchResult r;
    for (int i = 0; i < 5; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      r = mlsysim::search_layouts(s, 10);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const auto t0 = std::chrono::steady_clock::now();
    const std::string full = mlsysim::solve_text(c[1]);
    const double solve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s: %lld candidates (%lld feasible, %lld rejected memory, %lld divisibility) in %.2f ms = %.0f "
                "candidates/s; full solve with search %.2f ms; winner tp=%g pp=%g dp=%g cp=%g m=%g v=%g zero=%g %s %.3f s\n",
                c[0], r.candidates, r.feasible, r.rejected_memory, r.rejected_divisibility, best * 1e3, r.candidates / best,
                solve_s * 1e3, r.top[0].layout.tp, r.top[0].layout.pp, r.top[0].layout.dp, r.top[0].layout.cp,
                r.top[0].layout.microbatches, r.top[0].layout.virtual_stages, r.top[0].layout.zero,
                mlsysim::recompute_name(r.top[0].layout.recompute), r.top[0].step_time_s);
  }
  return 0;
}
