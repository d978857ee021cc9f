// The hostile-input corpus (tests/hostile/scenarios.json, written by make-scenarios.mjs) through
// solve_text, the entry point of the CLI and of wasm: every answer is valid UTF-8 JSON with no
// NaN/Infinity; bad input answers ok:false with the expected error.path and a non-empty message;
// valid-but-extreme input answers ok:true with every number finite (no NONFINITE warning).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "hostile_support.hpp"
#include "mlsysim/report.hpp"

using nlohmann::json;

namespace {

json load_corpus() {
  std::ifstream in(MLSYSIM_SOURCE_DIR "/tests/hostile/scenarios.json", std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "tests/hostile/scenarios.json is missing: node tests/hostile/make-scenarios.mjs");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// Why `answer` does not meet `expect` ("" when it does).
std::string mismatch(const json& expect, const json& answer) {
  if (expect.contains("either")) {
    std::string why;
    for (const auto& alt : expect["either"]) {
      const std::string w = mismatch(alt, answer);
      if (w.empty()) return "";
      why += (why.empty() ? "" : " / ") + w;
    }
    return why;
  }
  const bool ok = answer.value("ok", false);
  if (expect.value("ok", false)) {
    if (!ok) return "expected ok:true, got " + answer["error"].dump();
    if (!expect.contains("warning")) return "";
    const std::string want = expect["warning"];
    for (const auto& w : answer["warnings"])
      if (w.get<std::string>().rfind(want, 0) == 0) return "";
    return "expected a warning starting with '" + want + "'";
  }
  if (ok) return "expected ok:false, got ok:true";
  const std::string path = answer["error"]["path"], message = answer["error"]["message"];
  if (expect.contains("path") && path != expect["path"].get<std::string>())
    return "error.path '" + path + "' (message: " + message.substr(0, 200) + ")";
  if (expect.contains("path_prefix") && path.rfind(expect["path_prefix"].get<std::string>(), 0) != 0)
    return "error.path '" + path + "' lacks the prefix";
  if (expect.contains("message_has") && message.find(expect["message_has"].get<std::string>()) == std::string::npos)
    return "message '" + message.substr(0, 200) + "' lacks '" + expect["message_has"].get<std::string>() + "'";
  return "";
}

}  // namespace

TEST_CASE("hostile scenarios: never a crash, an invalid answer or a NaN; the error names the field") {
  const json corpus = load_corpus();
  REQUIRE(corpus["entries"].size() >= 100);
  int errors = 0, extremes = 0;
  for (const auto& e : corpus["entries"]) {
    const std::string name = e["name"];
    CAPTURE(name);
    const std::string out = mlsysim::solve_text(hostile::input_of(e));
    REQUIRE_MESSAGE(hostile::valid_utf8(out), "the answer is not valid UTF-8");
    json answer;
    try {
      answer = json::parse(out);  // strict: NaN, Infinity and invalid UTF-8 are parse errors
    } catch (const json::exception& x) {
      FAIL("the answer is not valid JSON: " << x.what());
    }
    REQUIRE(answer.is_object());
    CHECK(answer["schema"] == 1);
    REQUIRE(answer["ok"].is_boolean());
    if (!answer["ok"].get<bool>()) {
      ++errors;
      REQUIRE(answer["error"]["path"].is_string());
      REQUIRE(answer["error"]["message"].is_string());
      CHECK_FALSE(answer["error"]["message"].get<std::string>().empty());
      // Messages quote the input: bounded, so that a megabyte of garbage is not echoed back.
      CHECK(answer["error"]["message"].get<std::string>().size() <= 2000);
    } else {
      ++extremes;
      CHECK_MESSAGE(hostile::all_finite(answer), "a number is not finite");
      for (const auto& w : answer["warnings"])
        CHECK_MESSAGE(w.get<std::string>().rfind("NONFINITE", 0) != 0, w.get<std::string>());
    }
    const std::string why = mismatch(e["expect"], answer);
    CHECK_MESSAGE(why.empty(), why);
  }
  MESSAGE("hostile corpus: " << errors << " errors, " << extremes << " valid-but-extreme answers");
  CHECK(errors >= 100);
}
