// libFuzzer target: the unit-string and decimal parsers (units.cpp) that every inline device,
// fabric and site figure goes through. parse_quantity must either throw std::invalid_argument
// with a non-empty, bounded message or return a finite value; the decimal part must
// agree with strtod where the text is a plain number.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "mlsysim/units.hpp"

namespace {
[[noreturn]] void violation(const char* what, const std::string& text) {
  std::fprintf(stderr, "contract violation: %s\ninput: %.500s\n", what, text.c_str());
  std::abort();
}

// A plain decimal ([+-]digits[.digits][e[+-]digits]) of at most 40 characters: strtod must agree.
bool plain_decimal(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  size_t i = 0, digits = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits;
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t e = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++e;
    if (e == 0 || e > 4) return false;
  }
  return i == s.size();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const mlsysim::Quantity q = mlsysim::parse_quantity(text);
    if (!std::isfinite(q.value)) violation("a non-finite quantity", text);
    if (plain_decimal(text)) {
      const double want = std::strtod(text.c_str(), nullptr);
      if (std::isfinite(want) && q.value != want) violation("the decimal parser disagrees with strtod", text);
    }
  } catch (const std::invalid_argument& e) {
    // The message quotes the input as given (invalid UTF-8 included: the JSON writer replaces bad
    // bytes, which fuzz_solve checks end to end); it must be non-empty and bounded.
    const std::string m = e.what();
    if (m.empty() || m.size() > 2000) violation("an empty or unbounded message", text);
  }
  return 0;
}
