// The result writer emits valid JSON: escapes, UTF-8 repair, non-finite numbers as null with paths.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <string_view>

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
    nlohmann::json parsed;  // (kept: GCC warns on a discarded parse() even when cast to void)
    CHECK_NOTHROW(parsed = nlohmann::json::parse(out));
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

TEST_CASE("numbers are spelled exactly as nlohmann's Grisu2 dump spells them") {
  // write_double takes a shortcut for integers below 1e15: it must agree digit for digit.
  auto same = [](double v) {
    char mine[40], theirs[40];
    const std::string a(mine, mlsysim::write_double(mine, v));
    const std::string b(theirs, nlohmann::detail::to_chars(theirs, theirs + sizeof theirs, v));
    CHECK_MESSAGE(a == b, v);
  };
  for (double v : {0.0, -0.0, 1.0, -1.0, 0.5, 9.0, 10.0, 99.0, 100.0, 123456789.0, 999999999999999.0, 1e15,
                   1e15 + 1, 1e16, 9007199254740992.0, 1e-5, 1e-4, 0.1 + 0.2, 1e300, -2.5e-7, 4.0e-320})
    same(v);
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;  // splitmix64: reproducible values over the whole range
  auto next = [&] {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t r = next();
    same(static_cast<double>(r % 1000000000000000ULL));           // integers below 1e15
    same(-static_cast<double>(r >> (r % 64)));                      // integers of every size
    same(static_cast<double>(r % 100000) / 8.0);                    // short binary fractions
    double d;
    std::memcpy(&d, &r, sizeof d);
    if (std::isfinite(d)) same(d);                                  // any bit pattern
  }
}

TEST_CASE("strings of every length and escape position read back exactly") {
  const std::string specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "µ", "✓", "\xf0\x9f\x98\x80", "\x7f"};
  for (size_t len = 0; len < 24; ++len)
    for (size_t at = 0; at <= len; ++at)
      for (const auto& sp : specials) {
        std::string s(len, 'a');
        s.insert(at, sp);
        JsonWriter w;
        w.begin_array().value(s).end_array();
        CHECK(nlohmann::json::parse(w.take())[0] == s);
      }
  const std::string long_text(10000, 'x');  // longer than one escape chunk
  JsonWriter w;
  w.begin_array().value(long_text + "é\"" + long_text).end_array();
  CHECK(nlohmann::json::parse(w.take())[0] == long_text + "é\"" + long_text);
}

namespace {
using std::string_view_literals::operator""sv;
constexpr std::string_view kB[] = {"a"sv, "b"sv};
constexpr std::string_view kDeep[] = {"p"sv, "*"sv, "ops"sv};
constexpr std::string_view kTop[] = {"t"sv};
constexpr mlsysim::OmitRule kRules[] = {{kB, 2}, {kDeep, 3}, {kTop, 1}};

std::string omit_sample(JsonWriter& w) {
  w.begin_object().field("first", 1.0).key("a").begin_object().field("b", 2.0).field("c", 3.0).end_object();
  w.key("p").begin_object();
  w.key("x").begin_object().key("ops").begin_array().value(1.0).begin_object().field("y", std::nan("")).end_object();
  w.end_array().field("keep", true).end_object();
  w.key("z").begin_object().field("keep", "yes").key("ops").begin_object().field("a", 1.0).end_object().end_object();
  w.end_object();
  w.key("t").begin_array().value(1.0).end_array().field("b", 4.0).field("last", "end").end_object();
  return w.take();
}
}  // namespace

TEST_CASE("omit rules leave out matching key paths and keep the JSON valid") {
  JsonWriter full;
  const auto all = nlohmann::json::parse(omit_sample(full));
  JsonWriter w;
  w.omit(kRules, std::size(kRules));
  const std::string text = omit_sample(w);
  const auto some = nlohmann::json::parse(text);
  CHECK(some == nlohmann::json::parse(R"({"first":1.0,"a":{"c":3.0},"p":{"x":{"keep":true},"z":{"keep":"yes"}},
                                         "b":4.0,"last":"end"})"));
  CHECK(all["a"]["b"] == 2.0);
  CHECK(all["p"]["z"]["ops"]["a"] == 1.0);
  // A non-finite number inside a left-out value is still reported, with its full path.
  REQUIRE(w.nonfinite_paths().size() == 1);
  CHECK(w.nonfinite_paths()[0] == "p.x.ops[1].y");
  CHECK(full.nonfinite_paths() == w.nonfinite_paths());
}
