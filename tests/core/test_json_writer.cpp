// The result writer emits valid JSON: escapes, UTF-8 repair, non-finite numbers as null with paths.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "mlsysim/json_writer.hpp"

using mlsysim::JsonWriter;

TEST_CASE("strings are escaped and read back exactly") {
  const std::string tricky = "quote \" backslash \\ newline \n tab \t bell \x07 µs Π ✓";
  JsonWriter w;
  w.begin_object().field("s", tricky).end_object();
  CHECK(nlohmann::json::parse(w.take())["s"] == tricky);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD so the output always parses") {
  for (const std::string bad : {"\xff", "ab\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80"}) {
    std::string out;
    mlsysim::append_json_string(out, bad);
    CHECK_NOTHROW(nlohmann::json::parse(out));
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
  }
}

TEST_CASE("non-finite numbers are written as null and their paths reported") {
  JsonWriter w;
  w.begin_object().key("a").begin_object().field("x", 1.5).field("y", std::nan("")).end_object();
  w.key("list").begin_array().value(1.0).value(std::numeric_limits<double>::infinity()).end_array().end_object();
  const auto j = nlohmann::json::parse(w.take());
  CHECK(j["a"]["x"] == 1.5);
  CHECK(j["a"]["y"].is_null());
  CHECK(j["list"][1].is_null());
  REQUIRE(w.nonfinite_paths().size() == 2);
  CHECK(w.nonfinite_paths()[0] == "a.y");
  CHECK(w.nonfinite_paths()[1] == "list[1]");
}

TEST_CASE("numbers round-trip exactly") {
  for (double v : {0.0, 1.0, 0.1 + 0.2, 1e-300, 6.02214076e23, -2.5e-7, 85899345920.0}) {
    JsonWriter w;
    w.begin_array().value(v).end_array();
    CHECK(nlohmann::json::parse(w.take())[0].get<double>() == v);
  }
}
