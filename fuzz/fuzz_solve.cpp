// libFuzzer target: bytes → solve_text (the CLI's and wasm's entry point). Aborts when the answer
// is not valid UTF-8 JSON of the contract shape ({"schema":1,"ok":true|false,...}), when an error
// lacks a path or message, or when a result carries a non-finite number (a NONFINITE warning).
// Built by tools/fuzz.sh with -fsanitize=fuzzer,address,undefined.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hostile_support.hpp"
#include "mlsysim/report.hpp"

namespace {
[[noreturn]] void violation(const char* what, const std::string& out) {
  std::fprintf(stderr, "contract violation: %s\nanswer: %.2000s\n", what, out.c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string out = mlsysim::solve_text(input);
  if (!hostile::valid_utf8(out)) violation("the answer is not valid UTF-8", out);
  nlohmann::json r;
  try {
    r = nlohmann::json::parse(out);  // strict: NaN and Infinity literals are parse errors
  } catch (const nlohmann::json::exception&) {
    violation("the answer is not valid JSON", out);
  }
  if (!r.is_object() || r.value("schema", 0) != 1 || !r.contains("ok") || !r["ok"].is_boolean())
    violation("the answer lacks schema 1 and a boolean ok", out);
  if (!r["ok"].get<bool>()) {
    const auto& e = r["error"];
    if (!e.is_object() || !e["path"].is_string() || !e["message"].is_string() || e["message"].get<std::string>().empty())
      violation("an error without path or message", out);
    if (e["message"].get<std::string>().size() > 2000) violation("an unbounded error message", out);
    return 0;
  }
  if (!hostile::all_finite(r)) violation("a non-finite number", out);
  for (const auto& w : r["warnings"])
    if (w.is_string() && w.get<std::string>().rfind("NONFINITE", 0) == 0) violation("a NONFINITE warning", out);
  return 0;
}
