// tests/fixtures/*.json ({scenario, expected}) are shared by doctest, node:test and the browser
// test, so the three layers agree by construction. Numbers compare to 1e-12 relative.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"

using nlohmann::json;

namespace {
void compare(const json& expected, const json& actual, const std::string& path) {
  CAPTURE(path);
  if (expected.is_object()) {
    REQUIRE(actual.is_object());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const std::string child = path + "." + it.key();
      REQUIRE_MESSAGE(actual.contains(it.key()), child);
      compare(it.value(), actual[it.key()], path + "." + it.key());
    }
  } else if (expected.is_array()) {
    REQUIRE(actual.is_array());
    REQUIRE(actual.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
  } else if (expected.is_number()) {
    REQUIRE(actual.is_number());
    const double e = expected.get<double>(), a = actual.get<double>();
    CHECK(std::abs(a - e) <= 1e-12 * std::max(std::abs(e), 1e-300));
  } else {
    CHECK(actual == expected);
  }
}
}  // namespace

TEST_CASE("every fixture's expected values match the native engine") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MLSYSIM_SOURCE_DIR "/tests/fixtures")) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().filename().string());
    std::ifstream in(entry.path());
    const json fixture = json::parse(in);
    compare(fixture.at("expected"), mlsysim::solve(fixture.at("scenario")), "result");
    ++count;
  }
  CHECK(count >= 4);
}
